using System.CommandLine;
using System.Globalization;
using Neurons.Bench.Stage2;
using Neurons.Model.Training;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Bench.Train;

/// <summary>
/// Issue 19 item 3: where a training step's time goes and how close it comes to the machine's matrix-multiply
/// rate. For the stage-1 <c>tiny</c> and mid-size configurations and the stage-2 <c>tiny</c> and mid-size ones, in
/// interleaved rounds (matmul, config, matmul, next config, …): per-phase time of the step (batch, forward, loss,
/// backward, optimiser, read-back, dispose, GC; stage 2 splits the forward pass by component) and the achieved
/// GFLOP/s (analytic) ÷ the 1024³ matmul measured right before and after the same config.
/// </summary>
internal static class TrainProfileBench
{
    public static BenchDefinition Definition()
    {
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads for training and the matmul.", DefaultValueFactory = _ => 2 };
        var rounds = new Option<int>("--rounds") { Description = "Interleaved rounds (the median round is reported).", DefaultValueFactory = _ => 3 };
        var tinySteps = new Option<int>("--tiny-steps") { Description = "Timed stage-1 tiny steps per round (after 5 warm-up steps).", DefaultValueFactory = _ => 60 };
        var midSteps = new Option<int>("--mid-steps") { Description = "Timed stage-1 mid-size steps per round (after 2 warm-up steps; 0 skips it).", DefaultValueFactory = _ => 12 };
        var s2TinySteps = new Option<int>("--stage2-tiny-steps") { Description = "Timed stage-2 tiny steps per round (after 2 warm-up steps; 0 skips it).", DefaultValueFactory = _ => 10 };
        var s2MidSteps = new Option<int>("--stage2-mid-steps") { Description = "Timed stage-2 mid-size steps per round (after 1 warm-up step; 0 skips it).", DefaultValueFactory = _ => 2 };
        var matmul = new Option<int>("--matmul") { Description = "Side n of the n×n×n float32 matrix multiply used as the limit.", DefaultValueFactory = _ => 1024 };
        var optimizer = new Option<string>("--adamw") { Description = "AdamW path: fused, elementwise (torch kernels per parameter, the previous code) or both, interleaved.", DefaultValueFactory = _ => "fused" };
        optimizer.AcceptOnlyFromAmong("fused", "elementwise", "both");
        return new BenchDefinition(
            "train-profile",
            "Per-phase time of stage-1 and stage-2 training steps and their GFLOP/s ÷ a same-run 1024³ matmul, interleaved rounds (issue 19).",
            [threads, rounds, tinySteps, midSteps, s2TinySteps, s2MidSteps, matmul, optimizer],
            ["--rounds", "1", "--tiny-steps", "10", "--mid-steps", "2", "--stage2-tiny-steps", "2", "--stage2-mid-steps", "0"],
            (parse, ct) => Task.FromResult(Run(
                Math.Max(1, parse.GetValue(threads)),
                Math.Max(1, parse.GetValue(rounds)),
                [Math.Max(1, parse.GetValue(tinySteps)), Math.Max(0, parse.GetValue(midSteps)), Math.Max(0, parse.GetValue(s2TinySteps)), Math.Max(0, parse.GetValue(s2MidSteps))],
                Math.Max(64, parse.GetValue(matmul)),
                parse.GetValue(optimizer) ?? "fused",
                ct)));
    }

    private static BenchReport Run(int threads, int rounds, int[] steps, int n, string optimizers, CancellationToken cancellationToken)
    {
        var report = new BenchReport("train-profile", string.Create(CultureInfo.InvariantCulture, $"training step profile on CPU, float32, {threads} libtorch thread(s), {rounds} interleaved round(s), AdamW {optimizers}"));
        torch.set_num_threads(threads);
        var configs = new List<Config>();
        foreach (var fused in optimizers == "both" ? new[] { false, true } : [optimizers != "elementwise"])
        {
            var tag = optimizers == "both" ? (fused ? " [fused AdamW]" : " [elementwise AdamW]") : string.Empty;
            configs.Add(new("stage 1 tiny" + tag, TrainBench.Tiny.FlopsPerStep(), steps[0], 5, (p, s, w) => TrainBench.Train(TrainBench.Tiny, s, threads, _ => false, null, cancellationToken, p, w, fused)));
            configs.Add(new("stage 1 mid-size" + tag, TrainBench.Mid.FlopsPerStep(), steps[1], 2, (p, s, w) => TrainBench.Train(TrainBench.Mid, s, threads, _ => false, null, cancellationToken, p, w, fused)));
            configs.Add(new("stage 2 tiny" + tag, Stage2Bench.Tiny.FlopsPerStep(), steps[2], 2, (p, s, w) => Stage2Bench.Train(Stage2Bench.Tiny, s, threads, _ => false, null, cancellationToken, p, w, fused)));
            configs.Add(new("stage 2 mid-size" + tag, Stage2Bench.Mid.FlopsPerStep(), steps[3], 1, (p, s, w) => Stage2Bench.Train(Stage2Bench.Mid, s, threads, _ => false, null, cancellationToken, p, w, fused)));
        }

        // Interleave: each configuration's fused and elementwise runs follow each other.
        configs = configs.OrderBy(c => c.Label.Replace(" [fused AdamW]", string.Empty, StringComparison.Ordinal).Replace(" [elementwise AdamW]", string.Empty, StringComparison.Ordinal), StringComparer.Ordinal).ToList();
        configs.RemoveAll(c => c.Steps == 0);
        Matmul(n, 2);
        for (var r = 0; r < rounds; r++)
        {
            foreach (var c in configs)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var before = Matmul(n, 3);
                long faultsAtReset = 0;
                var cpuAtReset = TimeSpan.Zero;
                var profile = new StepProfile(CPU)
                {
                    OnReset = () =>
                    {
                        faultsAtReset = PageFaults.Minor();
                        cpuAtReset = Environment.CpuUsage.TotalTime;
                    },
                };
                var load = Machine.LoadAverage();
                c.Run(profile, c.Warmup + c.Steps, c.Warmup);
                var cpu = (Environment.CpuUsage.TotalTime - cpuAtReset).TotalSeconds / profile.Steps;
                var faults = (double)(PageFaults.Minor() - faultsAtReset) / profile.Steps;
                var after = Matmul(n, 3);
                load = (load + Machine.LoadAverage()) / 2;
                var limit = Timing.Median(before.Wall.Concat(after.Wall).ToList());
                var cpuLimit = Timing.Median(before.Cpu.Concat(after.Cpu).ToList());
                var seconds = profile.Total.TotalSeconds / profile.Steps;
                var achieved = c.Flops / seconds / 1e9;
                var cpuRatio = c.Flops / cpu / 1e9 / cpuLimit;
                c.Rounds.Add(new Round(seconds, achieved, limit, achieved / limit, cpuRatio, load, faults, profile.Phases.Select(kv => (kv.Key, kv.Value.TotalSeconds / profile.Steps)).ToList()));
                AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"  round {r + 1} {c.Label}: {1000 * seconds:F1} ms/step, {achieved:F1} GFLOP/s, matmul {limit:F1} GFLOP/s, ratio {achieved / limit:F3} (per CPU second {cpuRatio:F3}), {faults:F0} minor faults/step, load {load:F1}")));
            }
        }

        foreach (var c in configs)
        {
            var median = c.Rounds.OrderBy(x => x.Ratio).ElementAt(c.Rounds.Count / 2);
            report.Rows.Add(BenchRow.Throughput(
                string.Create(CultureInfo.InvariantCulture, $"{c.Label}: achieved compute ({c.Flops / 1e9:F3} GFLOP/step analytic, {1000 * median.Seconds:F1} ms/step over {c.Steps} steps; median of {c.Rounds.Count} round(s), ratios {string.Join(" / ", c.Rounds.Select(x => x.Ratio.ToString("F3", CultureInfo.InvariantCulture)))})"),
                median.Achieved,
                "GFLOP/s",
                string.Create(CultureInfo.InvariantCulture, $"{n}³ float32 matmul, {threads} thread(s), right before and after"),
                median.Limit,
                c.Label.StartsWith("stage 1 mid-size", StringComparison.Ordinal) ? "≥ 0.5" : null) with { LoadAverage = median.Load });
            var cpuRatios = c.Rounds.Select(x => x.CpuRatio).ToList();
            report.Rows.Add(new BenchRow(string.Create(CultureInfo.InvariantCulture, $"{c.Label}: GFLOP per process CPU second ÷ the matmul's (insensitive to time slicing; ratios {string.Join(" / ", cpuRatios.Select(x => x.ToString("F3", CultureInfo.InvariantCulture)))})"), Timing.Median(cpuRatios), "ratio", null, null, Timing.Median(cpuRatios), null, median.Load));
            report.Rows.Add(BenchRow.Figure($"{c.Label}: minor page faults per step (freshly mapped 4 KiB pages, e.g. gradients and activations from new mmap allocations)", Timing.Median(c.Rounds.Select(x => x.Faults).ToList()), "faults/step") with { LoadAverage = median.Load });
            var phases = c.Rounds.SelectMany(x => x.Phases).GroupBy(p => p.Phase, StringComparer.Ordinal)
                .Select(g => (Phase: g.Key, Seconds: g.Sum(p => p.Seconds) / c.Rounds.Count)).ToList();
            var total = phases.Sum(p => p.Seconds);
            foreach (var (phase, secs) in phases)
            {
                report.Rows.Add(new BenchRow($"{c.Label}: {phase}", 1000 * secs, "ms/step", "step time", 1000 * total, secs / total, null, c.Rounds.Average(x => x.Load)));
            }
        }

        report.Notes.Add("Phase times are wall time between marks in the trainers' step (CPU ops are synchronous; on CUDA each mark synchronises), averaged over the rounds; 'dispose' is the step's dispose scope closing, 'gc' the every-100-steps collection.");
        return report.Finish();
    }

    /// <summary>Times n³ matmuls: GFLOP per wall second and per process CPU second of each.</summary>
    private static (List<double> Wall, List<double> Cpu) Matmul(int n, int samples)
    {
        using var scope = NewDisposeScope();
        var a = randn(n, n);
        var b = randn(n, n);
        a.matmul(b).Dispose();
        var flops = 2.0 * n * n * n / 1e9;
        var result = (Wall: new List<double>(samples), Cpu: new List<double>(samples));
        for (var i = 0; i < samples; i++)
        {
            var cpu = Environment.CpuUsage.TotalTime;
            var watch = System.Diagnostics.Stopwatch.StartNew();
            a.matmul(b).Dispose();
            result.Wall.Add(flops / watch.Elapsed.TotalSeconds);
            result.Cpu.Add(flops / Math.Max(1e-6, (Environment.CpuUsage.TotalTime - cpu).TotalSeconds));
        }

        return result;
    }

    private sealed record Round(double Seconds, double Achieved, double Limit, double Ratio, double CpuRatio, double Load, double Faults, List<(string Phase, double Seconds)> Phases);

    private sealed record Config(string Label, double Flops, int Steps, int Warmup, Func<StepProfile, int, int, TrainRun> Run)
    {
        public List<Round> Rounds { get; } = [];
    }
}
