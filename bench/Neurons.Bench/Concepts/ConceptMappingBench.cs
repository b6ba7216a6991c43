using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Neurons.Annotation.Concepts;
using Neurons.Annotation.WordNet;

namespace Neurons.Bench.Concepts;

/// <summary>
/// Issue 18: mapping every object name of a full annotation run (1,200 + 4,320 clips × 10 objects, with
/// captions, so the context rule runs) through <see cref="ConceptMapper.MapClip"/>, cold (a new mapper:
/// WordNet read from disk, every name decided) and warm (the same mapper again), against the bare baseline
/// of normalising each name and looking it up in a dictionary of the warm results.
/// </summary>
internal static class ConceptMappingBench
{
    public static BenchDefinition Definition()
    {
        var clips = new Option<int>("--clips") { Description = "Clips of the run (cc2017: 1,200 test + 4,320 training).", DefaultValueFactory = _ => 5520 };
        var objects = new Option<int>("--objects") { Description = "Object names per clip.", DefaultValueFactory = _ => 10 };
        var rounds = new Option<int>("--rounds") { Description = "Warm rounds (the median is kept).", DefaultValueFactory = _ => 5 };
        var names = new Option<string>("--names")
        {
            Description = "The vocabulary to draw names from (name ; concepts lines).",
            DefaultValueFactory = _ => Path.Combine("tests", "Neurons.Annotation.Tests", "Concepts", "Data", "captioning-vocabulary.txt"),
        };
        return new BenchDefinition(
            "concepts",
            "Concept mapping of a full annotation run's object names: cold and warm, vs a dictionary lookup (issue 18).",
            [clips, objects, rounds, names],
            ["--clips", "1000", "--rounds", "3"],
            (parse, ct) => Task.FromResult(Run(Math.Max(1, parse.GetValue(clips)), Math.Max(1, parse.GetValue(objects)), Math.Max(1, parse.GetValue(rounds)), parse.GetValue(names)!)));
    }

    private static BenchReport Run(int clipCount, int perClip, int rounds, string vocabularyPath)
    {
        if (!File.Exists(vocabularyPath))
        {
            throw new FileNotFoundException($"{vocabularyPath}: vocabulary not found (run from the repository root or pass --names FILE)", vocabularyPath);
        }

        var vocabulary = File.ReadLines(vocabularyPath)
            .Where(l => l.Contains(';', StringComparison.Ordinal) && !l.StartsWith('#') && !l.StartsWith('@'))
            .Select(l => l.Split(';')[0].Trim())
            .ToArray();

        // Names as a VLM writes them: mostly lower case, some capitalised or plural, drawn with a fixed seed.
        var random = new Random(18);
        var clips = Enumerable.Range(0, clipCount).Select(_ =>
        {
            var names = Enumerable.Range(0, perClip).Select(_ =>
            {
                var name = vocabulary[random.Next(vocabulary.Length)];
                return random.Next(10) switch
                {
                    0 => char.ToUpperInvariant(name[0]) + name[1..],
                    1 => name + "s",
                    _ => name,
                };
            }).ToArray();
            return (Names: names, Caption: $"a {names[0]} next to a {names[^1]} in a room");
        }).ToArray();
        var report = new BenchReport("concepts", string.Create(CultureInfo.InvariantCulture, $"ConceptMapper.MapClip over {clipCount:N0} clips × {perClip} names ({clipCount * perClip:N0} names, {vocabulary.Length} distinct before case and plural variants), with captions"));

        var watch = Stopwatch.StartNew();
        using var wordNet = WordNetDatabase.Open(WordNetDatabase.BuiltInDirectory);
        var mapper = new ConceptMapper(wordNet, ConceptCatalog.Load(ConceptCatalog.BuiltInPath));
        var mapped = 0;
        foreach (var (names, caption) in clips)
        {
            mapped += mapper.MapClip(names, caption).Objects.Count(o => o.IsMapped);
        }

        var coldMs = watch.Elapsed.TotalMilliseconds;
        var lookup = clips.SelectMany(c => c.Names).Select(ConceptMapper.Normalize).Distinct(StringComparer.Ordinal).ToDictionary(n => n, n => mapper.Map(n).ConceptIndices, StringComparer.Ordinal);
        var sink = 0;
        var times = Timing.Interleaved(
            rounds,
            1,
            () =>
            {
                foreach (var (names, caption) in clips)
                {
                    sink += mapper.MapClip(names, caption).ConceptIndices.Count;
                }
            },
            () =>
            {
                foreach (var (names, _) in clips)
                {
                    foreach (var name in names)
                    {
                        sink += lookup.TryGetValue(ConceptMapper.Normalize(name), out var found) ? found.Count : 0;
                    }
                }
            });

        report.Rows.Add(BenchRow.Figure("cold: open WordNet, load concepts.yaml, map every clip once", coldMs / 1000, "s"));
        report.Rows.Add(new BenchRow("warm: map every clip again (same mapper)", times[0] / 1000, "s", "normalise + dictionary lookup of the same names", times[1] / 1000, times[1] > 0 ? times[0] / times[1] : null, "< 1 s", Machine.LoadAverage()));
        report.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"{mapped:N0} of {clipCount * perClip:N0} object mentions mapped in the cold pass; warm = median of {rounds} rounds; ratio = warm time ÷ lookup time. (checksum {sink})"));
        return report.Finish();
    }
}
