using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Neurons.Data.Tables;
using Neurons.Data.Video;
using Neurons.Engine.Config;
using Neurons.Engine.Stages;
using Neurons.Stages.Evaluate;
using Neurons.Stages.Report;

namespace Neurons.Bench.Report;

/// <summary>
/// Issue 16: the <c>report</c> stage writing the report of N test clips (default 1,200: the cc2017 test set, five
/// 240-clip segments) against the <c>evaluate</c> stage on the same clips. Both are the stages themselves
/// (<see cref="EvaluateStage"/>, <see cref="ReportStage"/>) run on tables written the way the earlier stages write
/// them (PNG cells for frames and masks, decode's per-clip PNG files, one generated MP4 per clip in the generated
/// shard's files):
/// evaluate with its stage.yaml defaults (100-permutation nulls, 100 N-way trials, N = 2 and 50) and the mini
/// profile's fixture ONNX models (VideoMAE, ViT, CLIP); the report with its defaults but the task maps and the fMRI
/// lag curve off (per-subject work on the stage-2 model and the fMRI runs, not per-clip writing). The two run
/// alternately, round by round; the ratio is of their medians. Aim: the report under 10 % of evaluate.
/// </summary>
internal static class ReportBench
{
    private const int Side = 224;
    private const int Frames = 6;
    private const int MaskSide = 64;
    private const int Concepts = 51;
    private const int SegmentClips = 240;

    public static BenchDefinition Definition()
    {
        var clips = new Option<int>("--clips") { Description = "Test clips in the evaluation and the report.", DefaultValueFactory = _ => 1200 };
        var rounds = new Option<int>("--rounds") { Description = "Alternating evaluate, report rounds (medians are reported).", DefaultValueFactory = _ => 3 };
        return new BenchDefinition(
            "report",
            "The report stage on the 1,200 test clips vs the evaluate stage on the same clips (issue 16).",
            [clips, rounds],
            ["--clips", "24", "--rounds", "1"],
            (parse, ct) => Run(Math.Max(1, parse.GetValue(clips)), Math.Max(1, parse.GetValue(rounds)), ct));
    }

    private static async Task<BenchReport> Run(int count, int rounds, CancellationToken cancellationToken)
    {
        var report = new BenchReport("report", string.Create(CultureInfo.InvariantCulture, $"{count} test clips of 6 × {Side}² frames, one subject's decoded and generated outputs; the evaluate and report stages, {rounds} alternating round(s)"));
        var root = FindRepository();
        var directory = Directory.CreateTempSubdirectory("neurons-report-bench-").FullName;
        try
        {
            var setup = Stopwatch.StartNew();
            var inputs = await WriteTablesAsync(directory, count, cancellationToken).ConfigureAwait(false);
            report.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"input tables written in {setup.Elapsed.TotalSeconds:F1} s (not timed): {Megabytes(directory):F0} MB"));

            var evaluateSeconds = new List<double>();
            var reportSeconds = new List<double>();
            var reportMegabytes = 0.0;
            var ownMegabytes = 0.0;
            var galleryClips = 0L;
            for (var round = 0; round < rounds; round++)
            {
                var (evaluateTime, metrics) = await EvaluateAsync(root, directory, inputs, round, cancellationToken).ConfigureAwait(false);
                evaluateSeconds.Add(evaluateTime);
                var (reportTime, files, clips) = await ReportAsync(directory, inputs, metrics, round, cancellationToken).ConfigureAwait(false);
                reportSeconds.Add(reportTime);
                reportMegabytes = Megabytes(files);
                ownMegabytes = SingleLinkMegabytes(files);
                galleryClips = clips;
                Directory.Delete(files, recursive: true);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round + 1}: evaluate {evaluateTime:F1} s, report {reportTime:F1} s, load {Machine.LoadAverage():F1}"));
            }

            if (galleryClips != count)
            {
                throw new InvalidOperationException($"the report's gallery holds {galleryClips} clips, not {count}");
            }

            var evaluate = Median(evaluateSeconds);
            var written = Median(reportSeconds);
            report.Rows.Add(BenchRow.Figure("evaluate stage (defaults: 100-permutation nulls, N-way 2 and 50 × 100 trials; fixture VideoMAE, ViT, CLIP), median", evaluate, "s"));
            report.Rows.Add(new BenchRow(
                "report stage (gallery of every clip: frames, key-object masks, decoded masks and blurry frames, generated video; index and section table), median",
                written,
                "s",
                "evaluate stage on the same clips, same rounds",
                evaluate,
                written / evaluate,
                "ratio < 0.10",
                Machine.LoadAverage()));
            report.Rows.Add(BenchRow.Figure("report size", reportMegabytes, "MB"));
            report.Rows.Add(BenchRow.Figure("report size per clip", reportMegabytes * 1000 / count, "kB"));
            report.Rows.Add(BenchRow.Figure("of which the report's own bytes (files not hard-linked to decode's PNGs and generate's MP4s)", ownMegabytes, "MB"));
            report.Notes.Add("per round (evaluate, report) s: " + string.Join("; ", evaluateSeconds.Zip(reportSeconds).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.First:F1}, {p.Second:F1}"))));
            report.Notes.Add("ratio = median report seconds / median evaluate seconds. Verb accuracy runs only where stages.evaluate.wordnet_dir (/usr/share/wordnet) holds WordNet's verb files; the generated videos are not scored here (evaluate's optional generated input left out), so evaluate's real time is longer.");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        return report.Finish();
    }

    private static async Task<(double Seconds, InputShard Metrics)> EvaluateAsync(string root, string directory, Dictionary<string, List<InputShard>> inputs, int round, CancellationToken cancellationToken)
    {
        var fixtures = Path.Combine(root, "stages", "evaluate", "fixtures");
        var parameters = Parameters(root, "evaluate", new Dictionary<string, object>
        {
            ["videomae_model"] = Path.Combine(fixtures, "videomae.fixture.onnx"),
            ["vit_model"] = Path.Combine(fixtures, "vit.fixture.onnx"),
            ["clip_model"] = Path.Combine(fixtures, "clip_vision.fixture.onnx"),
        });
        var names = new[] { "clips", "annotations", "masks", "keyobjects", "concepts", "decoded" };
        var path = Path.Combine(directory, "metrics", string.Create(CultureInfo.InvariantCulture, $"all.{round}.parquet"));
        var output = new OutputShard("metrics", path);
        var context = Context("evaluate", parameters, directory, names.ToDictionary(n => n, n => (IReadOnlyList<InputShard>)inputs[n]), "metrics", output);

        var watch = Stopwatch.StartNew();
        await new EvaluateStage().RunAsync(context, cancellationToken).ConfigureAwait(false);
        watch.Stop();
        var metadata = new JsonObject();
        foreach (var (key, value) in output.Metadata)
        {
            metadata[key] = value?.DeepClone();
        }

        return (watch.Elapsed.TotalSeconds, new InputShard("metrics", Shard.All, path, output.Rows, metadata));
    }

    private static async Task<(double Seconds, string Files, long Clips)> ReportAsync(string directory, Dictionary<string, List<InputShard>> inputs, InputShard metrics, int round, CancellationToken cancellationToken)
    {
        var parameters = Parameters(FindRepository(), "report", new Dictionary<string, object> { ["max_lag_trs"] = 0L, ["task_maps"] = false });
        var names = new[] { "clips", "annotations", "concepts", "keyobjects", "fmri", "fmri_masks", "training", "decoded", "generated" };
        var reportInputs = names.ToDictionary(n => n, n => (IReadOnlyList<InputShard>)inputs.GetValueOrDefault(n, []));
        reportInputs["metrics"] = [metrics];
        var path = Path.Combine(directory, "report", string.Create(CultureInfo.InvariantCulture, $"all.{round}.parquet"));
        var output = new OutputShard("report", path);
        var context = Context("report", parameters, directory, reportInputs, "report", output);

        var watch = Stopwatch.StartNew();
        await new ReportStage().RunAsync(context, cancellationToken).ConfigureAwait(false);
        watch.Stop();
        return (watch.Elapsed.TotalSeconds, output.FilesDirectory, (int)output.Metadata["clips"]!);
    }

    private static StageContext Context(string stage, StageParameters parameters, string directory, IReadOnlyDictionary<string, IReadOnlyList<InputShard>> inputs, string outputTable, OutputShard output)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(output.Path)!);
        return new StageContext(
            stage,
            Shard.All,
            [.. Enumerable.Range(1, 5).Select(s => new Shard(string.Create(CultureInfo.InvariantCulture, $"test{s}"), "test"))],
            parameters,
            directory,
            directory,
            [],
            inputs,
            new Dictionary<string, OutputShard> { [outputTable] = output },
            NullLogger.Instance,
            new Progress<double>(),
            TimeProvider.System);
    }

    /// <summary>The stage's <c>stage.yaml</c> defaults with <paramref name="overrides"/>, as the engine resolves them.</summary>
    private static StageParameters Parameters(string root, string stage, Dictionary<string, object> overrides)
    {
        var definition = StageDefinitionLoader.Load(Path.Combine(root, "stages", stage, "stage.yaml"));
        var values = definition.Parameters.ToDictionary(p => p.Name, p => p.Default, StringComparer.Ordinal);
        foreach (var (name, value) in overrides)
        {
            values[name] = values.ContainsKey(name) ? value : throw new ArgumentException($"stage '{stage}' has no parameter '{name}'", nameof(overrides));
        }

        return new StageParameters(values);
    }

    /// <summary>Writes the tables evaluate and report read, the way the earlier stages commit them; returns the input shards by table.</summary>
    private static async Task<Dictionary<string, List<InputShard>>> WriteTablesAsync(string directory, int count, CancellationToken cancellationToken)
    {
        var pool = Enumerable.Range(0, 24).Select(Synthetic).ToArray();
        var inputs = new Dictionary<string, List<InputShard>>(StringComparer.Ordinal);
        async Task AddAsync<T>(string table, Shard shard, IReadOnlyList<T> rows, string? filesDirectory = null, IReadOnlyList<string>? files = null)
            where T : class, new()
        {
            var path = Path.Combine(directory, table, shard.Name + ".parquet");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await ParquetRows.WriteAsync(path, rows, cancellationToken).ConfigureAwait(false);
            if (!inputs.TryGetValue(table, out var list))
            {
                inputs[table] = list = [];
            }

            list.Add(new InputShard(table, shard, path, rows.Count, []) { FilesDirectory = filesDirectory, Files = files ?? [] });
        }

        var names = Enumerable.Range(0, Concepts).Select(c => string.Create(CultureInfo.InvariantCulture, $"concept_{c}")).ToList();
        for (var start = 0; start < count; start += SegmentClips)
        {
            var segment = string.Create(CultureInfo.InvariantCulture, $"test{(start / SegmentClips) + 1}");
            var shard = new Shard(segment, "test");
            var ids = Enumerable.Range(start, Math.Min(SegmentClips, count - start)).ToList();
            await AddAsync("clips", shard, [.. ids.Select(i => new ClipRow
            {
                ClipId = Id(i),
                Split = "test",
                Segment = segment,
                TrIndex = i % SegmentClips,
                SplitIndex = i,
                Width = Side,
                Height = Side,
                Frames = pool[i % pool.Length].Truth,
            })]).ConfigureAwait(false);
            await AddAsync("annotations", shard, [.. ids.Select(i => new AnnotationRow { ClipId = Id(i), Frame = 2, Caption = Captions[i % Captions.Length].Truth, Objects = ["man", "road"], Model = "bench" })]).ConfigureAwait(false);
            await AddAsync("keyobjects", shard, [.. ids.Select(i => new KeyObjectRow
            {
                ClipId = Id(i),
                KeyObject = "man",
                Reason = "priority",
                Mode = "reference",
                Width = Side,
                Height = Side,
                FrameCount = Frames,
                Masks = pool[i % pool.Length].KeyMasks,
            })]).ConfigureAwait(false);
            await AddAsync("concepts", shard, [.. ids.Select(i =>
            {
                var set = Enumerable.Range(0, Concepts).Where(c => (c * 7 + i) % 9 == 0).ToList();
                return new ConceptRow { ClipId = Id(i), Objects = ["man", "road"], Concepts = [.. set.Select(c => names[c])], MultiHot = [.. Enumerable.Range(0, Concepts).Select(c => set.Contains(c) ? 1 : 0)] };
            })]).ConfigureAwait(false);
            await AddAsync("masks", shard, Array.Empty<MaskRow>()).ConfigureAwait(false);
            // The decode stage commits each row's PNG cells as files too (write_files, the default).
            var decodedFiles = Path.Combine(directory, "decoded", shard.Name + ".parquet.files");
            Directory.CreateDirectory(decodedFiles);
            var committed = new List<string>();
            foreach (var i in ids)
            {
                for (var f = 0; f < Frames; f++)
                {
                    foreach (var (kind, cell) in new[] { ("blurry", pool[i % pool.Length].Blurry[f]), ("mask", pool[i % pool.Length].PredictedMasks[f]) })
                    {
                        var name = string.Create(CultureInfo.InvariantCulture, $"s1_{Id(i)}_{kind}_f{f}.png");
                        await File.WriteAllBytesAsync(Path.Combine(decodedFiles, name), cell.Bytes, cancellationToken).ConfigureAwait(false);
                        committed.Add(name);
                    }
                }
            }

            await AddAsync("decoded", shard, [.. ids.Select(i => new DecodedRow
            {
                ClipId = Id(i),
                Split = "test",
                Segment = segment,
                SplitIndex = i,
                Subject = 1,
                Caption = Captions[i % Captions.Length].Decoded,
                ConceptScores = [.. Enumerable.Range(0, Concepts).Select(c => ((c * 13) + i) % 17 / 17f)],
                MaskSize = MaskSide,
                Masks = pool[i % pool.Length].PredictedMasks,
                Width = Side,
                Height = Side,
                BlurryFrames = pool[i % pool.Length].Blurry,
            })], decodedFiles, committed).ConfigureAwait(false);
        }

        // The generate stage commits one MP4 (and a GIF) per clip and subject in its shard's files.
        var generated = Path.Combine(directory, "generated", "all.parquet.files");
        Directory.CreateDirectory(generated);
        var video = Path.Combine(generated, "template.mp4");
        var blurry = TableImages.ToRgbFrames(pool[0].Blurry, Side, Side, "bench");
        await Mp4Encoder.EncodeAsync(video, Enumerable.Range(0, Frames).Select(f => blurry.AsSpan(f * Side * Side * 3, Side * Side * 3).ToArray()), Side, Side, 3, 23, cancellationToken).ConfigureAwait(false);
        var files = Enumerable.Range(0, count).Select(i => $"s1_{Id(i)}.mp4").ToList();
        foreach (var file in files)
        {
            File.Copy(video, Path.Combine(generated, file));
        }

        File.Delete(video);
        await AddAsync("generated", Shard.All, Array.Empty<GeneratedRow>(), generated, files).ConfigureAwait(false);
        return inputs;
    }

    private static readonly (string Truth, string Decoded)[] Captions =
    [
        ("A man walking on a road.", "A person walking along a street."),
        ("A dog running through the grass.", "An animal running on a field."),
        ("Two birds flying over the sea.", "A bird flying in the sky."),
        ("A woman riding a bicycle in the city.", "A man riding a bike on a road."),
    ];

    private static string Id(int i) => string.Create(CultureInfo.InvariantCulture, $"test{(i / SegmentClips) + 1}_{i % SegmentClips:000}");

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static double Megabytes(string directory) =>
        new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) / 1e6;

    /// <summary>The bytes of the files with one link (GNU find): what the report adds to the disk.</summary>
    private static double SingleLinkMegabytes(string directory)
    {
        var info = new ProcessStartInfo("find") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { directory, "-type", "f", "-links", "1", "-printf", "%s\\n" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var sizes = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        process.WaitForExit();
        return sizes.Sum(s => long.Parse(s, CultureInfo.InvariantCulture)) / 1e6;
    }

    private static string FindRepository()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "NeuronsPipeline.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("the benchmark runs from its build folder inside the repository (stages/evaluate/fixtures)");
        }

        return dir;
    }

    private static (List<TableImage> Truth, List<TableImage> Blurry, List<TableImage> KeyMasks, List<TableImage> PredictedMasks) Synthetic(int seed)
    {
        // A smooth scene (gradient sky and ground, a moving square) with ±6 noise: natural frames compress
        // like this; pure noise would not. The key object is the square; the predicted mask a coarser box.
        var random = new Random(seed);
        var truth = new byte[Frames * Side * Side * 3];
        var key = new byte[Frames * Side * Side];
        for (var f = 0; f < Frames; f++)
        {
            for (var y = 0; y < Side; y++)
            {
                for (var x = 0; x < Side; x++)
                {
                    var inside = x - (seed * 7) - (f * 9) is >= 40 and < 90 && y is >= 100 and < 150;
                    var o = (((f * Side) + y) * Side) + x;
                    key[o] = inside ? (byte)1 : (byte)0;
                    truth[o * 3] = (byte)Math.Clamp((inside ? 230 : y < 120 ? 90 + (y / 3) : 70) + random.Next(-6, 7), 0, 255);
                    truth[(o * 3) + 1] = (byte)Math.Clamp((inside ? 80 : y < 120 ? 150 + (x / 5) : 70) + random.Next(-6, 7), 0, 255);
                    truth[(o * 3) + 2] = (byte)Math.Clamp((inside ? 40 : y < 120 ? 220 : 75) + random.Next(-6, 7), 0, 255);
                }
            }
        }

        var blurry = truth.Select(b => (byte)((b / 2) + 64)).ToArray();
        var predicted = new byte[Frames * MaskSide * MaskSide];
        for (var i = 0; i < predicted.Length; i++)
        {
            var x = i % MaskSide;
            var y = i / MaskSide % MaskSide;
            predicted[i] = x is > 16 and < 40 && y is > 20 and < 50 ? (byte)1 : (byte)0;
        }

        return (
            TableImages.FromRgbFrames(truth, Side, Side),
            TableImages.FromRgbFrames(blurry, Side, Side),
            [.. Enumerable.Range(0, Frames).Select(f => TableImages.FromMaskBytes(key.AsSpan(f * Side * Side, Side * Side), Side, Side))],
            [.. Enumerable.Range(0, Frames).Select(f => TableImages.FromMaskBytes(predicted.AsSpan(f * MaskSide * MaskSide, MaskSide * MaskSide), MaskSide, MaskSide))]);
    }
}
