using System.Globalization;
using System.Text.Json;

namespace Neurons.Data.Cc2017;

/// <summary>
/// Which segments, subjects and repeats a dataset root must hold: all of cc2017 (18 training and 5 test segments,
/// 3 subjects, 2 and 10 repeats) unless the configuration names an intended subset or the root is a generated mini subset.
/// </summary>
/// <param name="Segments">The segment names, training first.</param>
/// <param name="Subjects">The subject numbers whose runs must exist (empty: those whose folders exist).</param>
/// <param name="ExactRepeats">True when every segment needs its full repeats (2 training, 10 test); false when one run is enough.</param>
/// <param name="Why">Where the expectation comes from, for the error message.</param>
public sealed record Cc2017Expectation(IReadOnlyList<string> Segments, IReadOnlyList<int> Subjects, bool ExactRepeats, string Why)
{
    /// <summary>Repeats of each training segment in cc2017.</summary>
    public const int TrainRepeats = 2;

    /// <summary>Repeats of each test segment in cc2017.</summary>
    public const int TestRepeats = 10;

    /// <summary>The whole cc2017 release.</summary>
    public static Cc2017Expectation Full { get; } = new(Names(18, 5), [1, 2, 3], ExactRepeats: true, "the full cc2017 layout");

    /// <summary>An intended subset named in the configuration (<c>dataset.segments</c>).</summary>
    public static Cc2017Expectation Subset(IReadOnlyList<string> segments) => new(segments, [], ExactRepeats: false, "dataset.segments");

    /// <summary>Reads the expectation of a root: its mini manifest when it has one, else the full layout.</summary>
    public static Cc2017Expectation For(string root)
    {
        var manifest = Path.Combine(root, Mini.MiniDatasetGenerator.ManifestName);
        if (!File.Exists(manifest))
        {
            return Full;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(manifest));
            var options = document.RootElement.GetProperty("options");
            var subjects = Enumerable.Range(1, options.GetProperty("Subjects").GetInt32()).ToList();
            return new(Names(options.GetProperty("TrainSegments").GetInt32(), options.GetProperty("TestSegments").GetInt32()), subjects, ExactRepeats: true, $"its {Mini.MiniDatasetGenerator.ManifestName}");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"{manifest}: not a mini subset manifest ({e.Message.Split('\n')[0]})");
        }
    }

    /// <summary>Returns every expected file that is missing, relative to <paramref name="root"/>.</summary>
    public IReadOnlyList<string> Missing(string root)
    {
        var missing = new List<string>();
        foreach (var segment in Segments)
        {
            if (!File.Exists(Cc2017Layout.MoviePath(root, segment)))
            {
                missing.Add($"stimuli/{segment}.mp4");
            }
        }

        var subjects = Subjects.Count > 0 ? Subjects : PresentSubjects(root);
        if (subjects.Count == 0)
        {
            missing.Add("subject1/fmri/ (no subject folder)");
        }

        foreach (var subject in subjects)
        {
            foreach (var segment in Segments)
            {
                var repeats = segment.StartsWith("seg", StringComparison.Ordinal) ? TrainRepeats : TestRepeats;
                var runs = Enumerable.Range(1, repeats).Select(r => Cc2017Layout.CiftiPath(root, subject, segment, r)).ToList();
                var absent = runs.Where(r => !File.Exists(r)).ToList();
                if (ExactRepeats ? absent.Count > 0 : absent.Count == runs.Count)
                {
                    missing.AddRange((ExactRepeats ? absent : [runs[0]]).Select(r => Path.GetRelativePath(root, r).Replace(Path.DirectorySeparatorChar, '/')));
                }
            }
        }

        return missing;
    }

    private static List<int> PresentSubjects(string root) =>
        Directory.Exists(root)
            ? Directory.EnumerateDirectories(root, "subject*")
                .Select(d => Path.GetFileName(d)[7..])
                .Where(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                .Select(n => int.Parse(n, CultureInfo.InvariantCulture))
                .Order()
                .ToList()
            : [];

    private static List<string> Names(int train, int test) =>
        [.. Enumerable.Range(1, train).Select(i => string.Create(CultureInfo.InvariantCulture, $"seg{i}")), .. Enumerable.Range(1, test).Select(i => string.Create(CultureInfo.InvariantCulture, $"test{i}"))];
}
