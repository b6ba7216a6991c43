using System.CommandLine;
using System.Globalization;
using Neurons.Evaluation.Frames;
using Neurons.Testing.Evaluation;
using SsimMetric = Neurons.Evaluation.Frames.Ssim;

namespace Neurons.Bench.Ssim;

/// <summary>
/// Issue 10: SSIM frames/s on 256² gray frames, the library's separable, vectorised implementation
/// (<see cref="SsimMetric"/>) against <see cref="StraightforwardSsim"/> in the same run, for both variants (the
/// reference's column-wise quirk, the default, and the 2-D window); the two must agree on every frame.
/// </summary>
internal static class SsimBench
{
    public static BenchDefinition Definition()
    {
        var frames = new Option<int>("--frames") { Description = "Frame pairs per timed round.", DefaultValueFactory = _ => 8 };
        var rounds = new Option<int>("--rounds") { Description = "Alternating rounds (the median is kept).", DefaultValueFactory = _ => 5 };
        var size = new Option<int>("--size") { Description = "Frame side in pixels.", DefaultValueFactory = _ => 256 };
        return new BenchDefinition(
            "ssim",
            "SSIM frames/s on 256² frames: the separable implementation vs a straightforward one, same run (issue 10).",
            [frames, rounds, size],
            ["--frames", "2", "--rounds", "3"],
            (parse, ct) => Task.FromResult(Run(Math.Max(1, parse.GetValue(frames)), Math.Max(1, parse.GetValue(rounds)), Math.Max(16, parse.GetValue(size)))));
    }

    private static BenchReport Run(int frames, int rounds, int size)
    {
        var report = new BenchReport("ssim", string.Create(CultureInfo.InvariantCulture, $"SSIM on {size}² gray frames (σ 1.5, 11 taps, float64), 1 thread"));
        var random = new Random(10);
        var pairs = Enumerable.Range(0, frames).Select(_ => Pair(random, size)).ToArray();
        var reference = new SsimOptions { Variant = SsimVariant.Reference };
        var twoD = new SsimOptions { Variant = SsimVariant.TwoDimensional };

        var maxDifference = 0.0;
        foreach (var (x, y) in pairs)
        {
            maxDifference = Math.Max(maxDifference, Math.Abs(SsimMetric.Compute(x, y, reference) - StraightforwardSsim.Compute(x, y, twoD: false)));
            maxDifference = Math.Max(maxDifference, Math.Abs(SsimMetric.Compute(x, y, twoD) - StraightforwardSsim.Compute(x, y, twoD: true)));
        }

        var sink = 0.0;
        Action All(Func<GrayImage, GrayImage, double> ssim) => () =>
        {
            foreach (var (x, y) in pairs)
            {
                sink += ssim(x, y);
            }
        };

        var t = Timing.Interleaved(
            rounds,
            1,
            All((x, y) => SsimMetric.Compute(x, y, reference)),
            All((x, y) => StraightforwardSsim.Compute(x, y, twoD: false)),
            All((x, y) => SsimMetric.Compute(x, y, twoD)),
            All((x, y) => StraightforwardSsim.Compute(x, y, twoD: true)));
        double Fps(double ms) => frames * 1000 / ms;

        report.Rows.Add(BenchRow.Throughput("separable SSIM, reference variant (column-wise, the default)", Fps(t[0]), "frames/s", "straightforward SSIM, same variant", Fps(t[1])));
        report.Rows.Add(BenchRow.Throughput("separable SSIM, 2-D window", Fps(t[2]), "frames/s", "straightforward SSIM, 11 × 11 window", Fps(t[3])));
        report.Rows.Add(new BenchRow("largest |separable − straightforward| over all frames and both variants", maxDifference, "SSIM", null, null, null, "≤ 1e-12", Machine.LoadAverage()));
        report.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"{frames} random frame pairs (y = x + noise) per round, {rounds} alternating rounds, median round; ratio = speed-up of the separable implementation. (checksum {sink:F3})"));
        return report.Finish();
    }

    private static (GrayImage X, GrayImage Y) Pair(Random random, int size)
    {
        var x = new double[size * size];
        var y = new double[size * size];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = random.NextDouble();
            y[i] = Math.Clamp(x[i] + ((random.NextDouble() - 0.5) * 0.2), 0, 1);
        }

        return (new GrayImage(size, size, x), new GrayImage(size, size, y));
    }
}
