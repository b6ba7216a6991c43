using System.Globalization;
using System.Text.RegularExpressions;
using Neurons.Engine.Stages;

namespace Neurons.Data.Cc2017;

/// <summary>
/// The shards of a cc2017-layout dataset: one per movie in <c>stimuli/</c>, <c>seg1…segN</c> (train)
/// then <c>test1…testM</c> (test), in numeric order.
/// </summary>
public sealed partial class Cc2017ShardCatalog : IShardCatalog
{
    /// <inheritdoc/>
    public IReadOnlyList<Shard> Discover(string datasetRoot)
    {
        var stimuli = Path.Combine(datasetRoot, "stimuli");
        if (!Directory.Exists(stimuli))
        {
            throw new InvalidDataException($"{datasetRoot} has no stimuli/ folder; expected the cc2017 layout (stimuli/seg1.mp4 ..., subject1/fmri/...)");
        }

        var shards = Directory.EnumerateFiles(stimuli, "*.mp4")
            .Select(f => SegmentName().Match(Path.GetFileNameWithoutExtension(f)))
            .Where(m => m.Success)
            .Select(m => (Kind: m.Groups[1].Value, Number: int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))
            .OrderBy(s => s.Kind == "seg" ? 0 : 1)
            .ThenBy(s => s.Number)
            .Select(s => new Shard($"{s.Kind}{s.Number}", s.Kind == "seg" ? Cc2017Layout.TrainSplit : Cc2017Layout.TestSplit))
            .ToList();
        return shards.Count > 0
            ? shards
            : throw new InvalidDataException($"{stimuli} holds no segN.mp4 or testN.mp4 movies");
    }

    [GeneratedRegex("^(seg|test)([1-9][0-9]*)$")]
    private static partial Regex SegmentName();
}
