using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Neurons.Evaluation.Models;
using Neurons.Evaluation.Report;
using Neurons.Evaluation.Runs;

namespace Neurons.Bench.Report;

/// <summary>
/// Issue 16: writing the HTML report for N test clips (default 1,200: the cc2017 test set) — strips of the
/// ground-truth frames, key-object overlays, decoded blurry frames and masks, the inline gallery — against the
/// evaluate stage's metrics on the same clips (<see cref="MetricsAccumulator"/>, no ONNX models: the cheapest
/// evaluate there is, so the ratio is an upper bound). Aim: the report under 10% of evaluate. Frames are smooth
/// synthetic scenes with mild noise.
/// </summary>
internal static class ReportBench
{
    private const int Side = 224;
    private const int Frames = 6;
    private const int MaskSide = 64;

    public static BenchDefinition Definition()
    {
        var clips = new Option<int>("--clips") { Description = "Test clips in the report and the evaluation.", DefaultValueFactory = _ => 1200 };
        return new BenchDefinition(
            "report",
            "HTML report writing for the 1,200 test clips vs the evaluate stage's metrics on the same clips (issue 16).",
            [clips],
            ["--clips", "48"],
            (parse, ct) => Run(Math.Max(1, parse.GetValue(clips)), ct));
    }

    private static async Task<BenchReport> Run(int count, CancellationToken cancellationToken)
    {
        var report = new BenchReport("report", string.Create(CultureInfo.InvariantCulture, $"{count} clips of 6 × {Side}² frames, one subject's decoded outputs; evaluate on 1 thread, the report encodes clips on every core"));
        var pool = Enumerable.Range(0, 24).Select(Synthetic).ToArray();
        var directory = Directory.CreateTempSubdirectory("neurons-report-bench-").FullName;
        try
        {
            var evaluate = Stopwatch.StartNew();
            var accumulator = new MetricsAccumulator(new EvaluationSettings { Comparison = "pred_vs_gt" }, EvaluationModels.None, verbs: null);
            for (var i = 0; i < count; i++)
            {
                var (truth, blurry, mask) = pool[i % pool.Length];
                var truthMask = mask.Select(b => b != 0).ToArray();
                accumulator.Add(new EvaluationClip
                {
                    ClipId = Id(i),
                    Index = i,
                    TruthFrames = RgbFrame.SplitClip(truth, Frames, Side, Side),
                    PredictionFrames = RgbFrame.SplitClip(blurry, Frames, Side, Side),
                    TruthCaption = "a man walking on a road",
                    PredictionCaption = "a person walking along a street",
                    TruthMask = truthMask,
                    PredictionMask = truthMask,
                });
            }

            accumulator.Complete([]);
            evaluate.Stop();

            var write = Stopwatch.StartNew();
            var model = new ReportModel { Subjects = [1] };
            await HtmlReportWriter.WriteAsync(model, Gallery(pool, count), directory, cancellationToken).ConfigureAwait(false);
            write.Stop();

            var bytes = new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
            report.Rows.Add(BenchRow.Throughput("report writing (frame strips, key-object overlays, decoded frame and mask strips, gallery page)", write.Elapsed.TotalSeconds, "s", "evaluate metrics on the same clips (SSIM, PSNR, Dice, captions; no ONNX models)", evaluate.Elapsed.TotalSeconds, "ratio < 0.10"));
            report.Rows.Add(BenchRow.Figure("report size", bytes / 1e6, "MB"));
            report.Notes.Add("ratio = report seconds / evaluate seconds, one timed run each; the real evaluate also runs VideoMAE, ViT and CLIP, so its time (and the margin) is larger.");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        return report.Finish();
    }

    private static async IAsyncEnumerable<GalleryClip> Gallery((byte[] Truth, byte[] Blurry, byte[] Mask)[] pool, int count)
    {
        var scores = Enumerable.Range(0, 51).Select(i => new KeyValuePair<string, double>(string.Create(CultureInfo.InvariantCulture, $"concept_{i}"), (i * 37 % 51) / 51.0)).ToList();
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            var (truth, blurry, mask) = pool[i % pool.Length];
            yield return new GalleryClip
            {
                ClipId = Id(i),
                Frames = truth,
                Width = Side,
                Height = Side,
                KeyMasks = mask,
                MaskWidth = MaskSide,
                MaskHeight = MaskSide,
                KeyObject = "man",
                Caption = "a man walking on a road",
                Concepts = ["human", "roadway"],
                Metrics = new Dictionary<string, double> { ["ssim"] = (i % 97) / 97.0, ["dice"] = (i % 13) / 13.0 },
                Decodings =
                [
                    new GalleryDecoding
                    {
                        Subject = 1,
                        Caption = "a person walking along a street",
                        ConceptScores = scores,
                        Masks = mask,
                        MaskSize = MaskSide,
                        BlurryFrames = blurry,
                        Width = Side,
                        Height = Side,
                    },
                ],
            };
        }
    }

    private static string Id(int i) => string.Create(CultureInfo.InvariantCulture, $"test{(i / 240) + 1}_{i % 240:000}");

    private static (byte[] Truth, byte[] Blurry, byte[] Mask) Synthetic(int seed)
    {
        // A smooth scene (gradient sky and ground, a moving square) with ±6 noise: natural frames compress
        // like this; pure noise would not.
        var random = new Random(seed);
        var truth = new byte[Frames * Side * Side * 3];
        for (var f = 0; f < Frames; f++)
        {
            for (var y = 0; y < Side; y++)
            {
                for (var x = 0; x < Side; x++)
                {
                    var inside = x - (seed * 7) - (f * 9) is >= 40 and < 90 && y is >= 100 and < 150;
                    var o = (((f * Side) + y) * Side + x) * 3;
                    truth[o] = (byte)Math.Clamp((inside ? 230 : y < 120 ? 90 + (y / 3) : 70) + random.Next(-6, 7), 0, 255);
                    truth[o + 1] = (byte)Math.Clamp((inside ? 80 : y < 120 ? 150 + (x / 5) : 70) + random.Next(-6, 7), 0, 255);
                    truth[o + 2] = (byte)Math.Clamp((inside ? 40 : y < 120 ? 220 : 75) + random.Next(-6, 7), 0, 255);
                }
            }
        }

        var blurry = truth.Select(b => (byte)((b / 2) + 64)).ToArray();
        var mask = new byte[Frames * MaskSide * MaskSide];
        for (var i = 0; i < mask.Length; i++)
        {
            var x = i % MaskSide;
            var y = i / MaskSide % MaskSide;
            mask[i] = x is > 16 and < 40 && y is > 20 and < 50 ? (byte)1 : (byte)0;
        }

        return (truth, blurry, mask);
    }
}
