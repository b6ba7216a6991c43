using System.Globalization;
using System.Text.RegularExpressions;

namespace Neurons.Data.Cc2017;

/// <summary>
/// The shards of a cc2017-layout dataset: one per movie in <c>stimuli/</c>, <c>seg1…segN</c> (train)
/// then <c>test1…testM</c> (test), in numeric order. The pipeline's session makes each segment a shard; this
/// library knows nothing of the engine.
/// </summary>
public sealed partial class Cc2017ShardCatalog
{
    /// <summary>Lists the segments of a dataset root (see <see cref="Discover(string, IReadOnlyList{string}?)"/>).</summary>
    public IReadOnlyList<Cc2017Segment> Discover(string datasetRoot) => Discover(datasetRoot, null);

    /// <summary>
    /// Lists the shards of a dataset root after checking that every expected movie and fMRI run is there: the
    /// intended <paramref name="segments"/> when given, else what the root's mini manifest says, else all of cc2017.
    /// </summary>
    /// <exception cref="InvalidDataException">One line naming the missing files (the first eight) and how many in all.</exception>
    public IReadOnlyList<Cc2017Segment> Discover(string datasetRoot, IReadOnlyList<string>? segments)
    {
        if (File.Exists(datasetRoot))
        {
            throw new InvalidDataException($"{datasetRoot} is a file; expected the cc2017 dataset folder (stimuli/seg1.mp4 ..., subject1/fmri/...)");
        }

        var stimuli = Path.Combine(datasetRoot, "stimuli");
        if (!Directory.Exists(stimuli))
        {
            throw new InvalidDataException($"{datasetRoot} has no stimuli/ folder; expected the cc2017 layout (stimuli/seg1.mp4 ..., subject1/fmri/...)");
        }

        foreach (var segment in segments ?? [])
        {
            if (!SegmentName().IsMatch(segment))
            {
                throw new InvalidDataException($"dataset.segments: '{segment}' is not a cc2017 segment name (seg1..seg18, test1..test5)");
            }
        }

        var expectation = segments is { Count: > 0 } ? Cc2017Expectation.Subset(segments) : Cc2017Expectation.For(datasetRoot);
        var missing = expectation.Missing(datasetRoot);
        if (missing.Count > 0)
        {
            var shown = string.Join(", ", missing.Take(8)) + (missing.Count > 8 ? $" and {missing.Count - 8} more" : string.Empty);
            var hint = segments is { Count: > 0 } ? string.Empty : "; to run on part of cc2017 on purpose, list the segments under dataset.segments in pipeline.yaml";
            throw new InvalidDataException($"{datasetRoot} lacks {missing.Count} file(s) that {expectation.Why} needs: {shown}{hint}");
        }

        return expectation.Segments
            .Select(s => SegmentName().Match(s))
            .Select(m => (Kind: m.Groups[1].Value, Number: int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))
            .OrderBy(s => s.Kind == "seg" ? 0 : 1)
            .ThenBy(s => s.Number)
            .Select(s => new Cc2017Segment($"{s.Kind}{s.Number}", s.Kind == "seg" ? Cc2017Layout.TrainSplit : Cc2017Layout.TestSplit))
            .ToList();
    }

    [GeneratedRegex("^(seg|test)([1-9][0-9]*)$")]
    private static partial Regex SegmentName();
}
