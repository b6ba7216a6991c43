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
        return new BenchDefinition(
            "train-profile",
            "Per-phase time of stage-1 and stage-2 training steps and their GFLOP/s ÷ a same-run 1024³ matmul, interleaved rounds (issue 19).",
            [threads, rounds, tinySteps, midSteps, s2TinySteps, s2MidSteps, matmul],
            ["--rounds", "1", "--tiny-steps", "10", "--mid-steps", "2", "--stage2-tiny-steps", "2", "--stage2-mid-steps", "0"],
            (parse, ct) => Task.FromResult(Run(
                Math.Max(1, parse.GetValue(threads)),
                Math.Max(1, parse.GetValue(rounds)),
                [Math.Max(1, parse.GetValue(tinySteps)), Math.Max(0, parse.GetValue(midSteps)), Math.Max(0, parse.GetValue(s2TinySteps)), Math.Max(0, parse.GetValue(s2MidSteps))],
                Math.Max(64, parse.GetValue(matmul)),
                ct)));
    }

    private static BenchReport Run(int threads, int rounds, int[] steps, int n, CancellationToken cancellationToken)
    {
        var report = new BenchReport("train-profile", string.Create(CultureInfo.InvariantCulture, $"training step profile on CPU, float32, {threads} libtorch thread(s), {rounds} interleaved round(s)"));
        torch.set_num_threads(threads);
        var configs = new List<Config>
        {
            new("stage 1 tiny", TrainBench.Tiny.FlopsPerStep(), steps[0], 5, (p, s, w) => TrainBench.Train(TrainBench.Tiny, s, threads, _ => false, null, cancellationToken, p, w)),
            new("stage 1 mid-size", TrainBench.Mid.FlopsPerStep(), steps[1], 2, (p, s, w) => TrainBench.Train(TrainBench.Mid, s, threads, _ => false, null, cancellationToken, p, w)),
            new("stage 2 tiny", Stage2Bench.Tiny.FlopsPerStep(), steps[2], 2, (p, s, w) => Stage2Bench.Train(Stage2Bench.Tiny, s, threads, _ => false, null, cancellationToken, p, w)),
            new("stage 2 mid-size", Stage2Bench.Mid.FlopsPerStep(), steps[3], 1, (p, s, w) => Stage2Bench.Train(Stage2Bench.Mid, s, threads, _ => false, null, cancellationToken, p, w)),
        };
        configs.RemoveAll(c => c.Steps == 0);
        TrainBench.MatmulGflops(n, 2).ToList();
        for (var r = 0; r < rounds; r++)
        {
            foreach (var c in configs)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var before = TrainBench.MatmulGflops(n, 3).ToList();
                var profile = new StepProfile(CPU);
                var load = Machine.LoadAverage();
                c.Run(profile, c.Warmup + c.Steps, c.Warmup);
                var after = TrainBench.MatmulGflops(n, 3).ToList();
                load = (load + Machine.LoadAverage()) / 2;
                var limit = Timing.Median(before.Concat(after).ToList());
                var seconds = profile.Total.TotalSeconds / profile.Steps;
                var achieved = c.Flops / seconds / 1e9;
                c.Rounds.Add(new Round(seconds, achieved, limit, achieved / limit, load, profile.Phases.Select(kv => (kv.Key, kv.Value.TotalSeconds / profile.Steps)).ToList()));
                AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"  round {r + 1} {c.Label}: {1000 * seconds:F1} ms/step, {achieved:F1} GFLOP/s, matmul {limit:F1} GFLOP/s, ratio {achieved / limit:F3}, load {load:F1}")));
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
                c.Label == "stage 1 mid-size" ? "≥ 0.5" : null) with { LoadAverage = median.Load });
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

    private sealed record Round(double Seconds, double Achieved, double Limit, double Ratio, double Load, List<(string Phase, double Seconds)> Phases);

    private sealed record Config(string Label, double Flops, int Steps, int Warmup, Func<StepProfile, int, int, TrainRun> Run)
    {
        public List<Round> Rounds { get; } = [];
    }
}
