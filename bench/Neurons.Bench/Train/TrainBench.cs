using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Neurons.Model.Brain;
using Neurons.Model.Checkpoints;
using Neurons.Model.Training;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Bench.Train;

/// <summary>
/// Issue 9: steps/s of the <c>tiny</c> and a mid-size configuration on this CPU through <see cref="Stage1Trainer"/>
/// on in-memory data, their achieved GFLOP/s against a large matrix multiply measured in the same run (before and
/// after training, same thread count), the share of step time spent waiting for data, and resident memory at
/// steps 100, 500, 1000 and 2000 of the tiny run.
/// </summary>
internal static class TrainBench
{
    private static readonly long[] MemorySteps = [100, 500, 1000, 2000];

    /// <summary>Gets the <c>tiny</c> configuration with its data sizes.</summary>
    internal static TrainShape Tiny { get; } = new("tiny", BrainModelConfig.Tiny([5000], 16, 64, 32), 4320, 1200, 32);

    /// <summary>Gets the 39 M-parameter mid-size configuration with its data sizes.</summary>
    internal static TrainShape Mid { get; } = new("mid-size", new BrainModelConfig { Name = "mid", Voxels = [13447], Hidden = 1024, Blocks = 4, Tokens = 64, Width = 256, TextWidth = 128 }, 640, 200, 32);

    public static BenchDefinition Definition()
    {
        var steps = new Option<int>("--steps") { Description = "Training steps of the tiny configuration (memory is sampled at 100, 500, 1000, 2000).", DefaultValueFactory = _ => 2000 };
        var midSteps = new Option<int>("--mid-steps") { Description = "Training steps of the mid-size configuration (0 skips it).", DefaultValueFactory = _ => 30 };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads for training and the matmul (1 on a shared machine, see docs/model.md).", DefaultValueFactory = _ => 1 };
        var matmul = new Option<int>("--matmul") { Description = "Side n of the n×n×n float32 matrix multiply used as the limit.", DefaultValueFactory = _ => 1024 };
        var elementwise = new Option<bool>("--elementwise-adamw") { Description = "Use torch's elementwise AdamW kernels instead of the fused update (the code before issue 19)." };
        return new BenchDefinition(
            "train",
            "Stage-1 trainer steps/s (tiny, mid-size), GFLOP/s vs a 1024³ matmul, data-wait share, resident memory over 2,000 steps (issue 9).",
            [steps, midSteps, threads, matmul, elementwise],
            ["--steps", "200", "--mid-steps", "5"],
            (parse, ct) => Task.FromResult(Run(Math.Max(1, parse.GetValue(steps)), Math.Max(0, parse.GetValue(midSteps)), Math.Max(1, parse.GetValue(threads)), Math.Max(64, parse.GetValue(matmul)), !parse.GetValue(elementwise), ct)));
    }

    private static BenchReport Run(int steps, int midSteps, int threads, int n, bool fused, CancellationToken cancellationToken)
    {
        var report = new BenchReport("train", string.Create(CultureInfo.InvariantCulture, $"stage-1 trainer on CPU, float32, {threads} libtorch thread(s), {(fused ? "fused" : "elementwise")} AdamW"));
        torch.set_num_threads(threads);
        var matmulSamples = new List<double>();
        matmulSamples.AddRange(MatmulGflops(n, 5));
        var matmulLoad = new List<double> { Machine.LoadAverage() };

        var tiny = Tiny;
        var mid = Mid;
        var memory = new SortedDictionary<long, (long Bytes, double Load)>();
        var tinyRun = Train(tiny, steps, threads, s => MemorySteps.Contains(s) || s == steps, memory, cancellationToken, fusedOptimizer: fused);
        var midRun = midSteps > 0 ? Train(mid, midSteps, threads, _ => false, null, cancellationToken, fusedOptimizer: fused) : null;

        matmulSamples.AddRange(MatmulGflops(n, 5));
        matmulLoad.Add(Machine.LoadAverage());
        var limit = Timing.Median(matmulSamples);
        var limitName = string.Create(CultureInfo.InvariantCulture, $"{n}³ float32 matmul, {threads} thread(s) (median of {matmulSamples.Count}, before and after)");
        report.Rows.Add(BenchRow.Figure(limitName, limit, "GFLOP/s") with { LoadAverage = matmulLoad.Average() });
        foreach (var (shape, result) in new[] { (tiny, tinyRun), (mid, midRun) })
        {
            if (result is null)
            {
                continue;
            }

            var stepsPerSecond = result.StepsRun / result.StepTime.TotalSeconds;
            var parameters = shape.Config.ParameterCount(includeFrozen: false);
            var label = string.Create(CultureInfo.InvariantCulture, $"{shape.Label} (V {shape.Config.Voxels[0]}, hidden {shape.Config.Hidden}, {shape.Config.Tokens} × {shape.Config.Width} tokens, {parameters / 1e6:F2} M parameters, batch {shape.BatchSize})");
            report.Rows.Add(BenchRow.Figure($"{label}: steps/s over {result.StepsRun} steps", stepsPerSecond, "steps/s") with { LoadAverage = result.LoadAverage });
            report.Rows.Add(BenchRow.Throughput($"{shape.Label}: achieved compute ({shape.FlopsPerStep() / 1e9:F3} GFLOP/step, analytic)", shape.FlopsPerStep() * stepsPerSecond / 1e9, "GFLOP/s", "the matmul above", limit) with { LoadAverage = result.LoadAverage });
            report.Rows.Add(new BenchRow($"{shape.Label}: time waiting for data", 100 * result.DataWait.TotalSeconds / result.StepTime.TotalSeconds, "% of step time", null, null, null, "< 5 %", result.LoadAverage));
            report.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"{shape.Label}: {result.StepsRun} steps in {result.StepTime.TotalSeconds:F1} s of step time ({result.WallSeconds:F1} s wall, including per-epoch evaluation and checkpoints); {shape.TrainClips} training clips, {shape.TestClips} test clips, in memory."));
        }

        if (memory.Count > 0)
        {
            var first = memory.First();
            foreach (var (step, (bytes, load)) in memory)
            {
                report.Rows.Add(new BenchRow($"tiny: resident memory at step {step}", bytes / 1e6, "MB", $"step {first.Key}", first.Value.Bytes / 1e6, (double)bytes / first.Value.Bytes, "growth < 5 % (ratio < 1.05)", load));
            }

            if (memory.TryGetValue(500, out var at500) && memory.Count > 2)
            {
                var last = memory.Last();
                report.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"resident memory growth from step 500 to step {last.Key}: {100.0 * (last.Value.Bytes - at500.Bytes) / at500.Bytes:+0.0;-0.0} % (from step {first.Key}: {100.0 * (last.Value.Bytes - first.Value.Bytes) / first.Value.Bytes:+0.0;-0.0} %); RSS from /proc/self/statm, sampled right after the trainer's every-100-steps GC."));
            }
        }

        return report.Finish();
    }

    /// <summary>Trains <paramref name="shape"/> for <paramref name="steps"/> steps on synthetic data, timing phases into <paramref name="profile"/> when given.</summary>
    internal static TrainRun Train(TrainShape shape, int steps, int threads, Func<long, bool> sampleMemory, SortedDictionary<long, (long Bytes, double Load)>? memory, CancellationToken cancellationToken, StepProfile? profile = null, int quietSteps = 0, bool fusedOptimizer = true)
    {
        using var data = SyntheticTrainingData.Create(shape);
        using var projection = SyntheticTrainingData.TextProjection(shape);
        var iters = shape.TrainClips / shape.BatchSize;
        var options = new Stage1Options
        {
            Epochs = Math.Max(3, (steps + iters - 1) / iters),
            BatchSize = shape.BatchSize,
            MaxLr = 3e-4,
            Threads = threads,
            CheckpointEverySteps = 0,
            KeepLast = 1,
            EvalBatchSize = 100,
        };
        var folder = Directory.CreateTempSubdirectory("neurons-bench-train-");
        try
        {
            AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"  training {shape.Label} for {steps} steps ({iters} steps per epoch)...")));
            var watch = Stopwatch.StartNew();
            var loads = new List<double> { Machine.LoadAverage() };
            var result = new Stage1Trainer(options) { Profile = profile, FusedOptimizer = fusedOptimizer }.Train(
                shape.Config,
                subject: 1,
                ridgeIndex: 0,
                projection,
                data,
                new CheckpointStore(folder.FullName, options.KeepLast),
                CPU,
                stopAfterStep: step =>
                {
                    if (step == quietSteps)
                    {
                        profile?.Reset();
                    }

                    if (memory is not null && sampleMemory(step))
                    {
                        memory[step] = (Machine.ResidentBytes(), Machine.LoadAverage());
                    }

                    if (step % 100 == 0)
                    {
                        loads.Add(Machine.LoadAverage());
                    }

                    if (step % 500 == 0)
                    {
                        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"    step {step}, {watch.Elapsed.TotalSeconds:F0} s, load {Machine.LoadAverage():F2}")));
                    }

                    return step >= steps;
                },
                cancellationToken: cancellationToken);
            result.Model.Dispose();
            loads.Add(Machine.LoadAverage());
            return new TrainRun(result.StepsRun, result.StepTime, result.DataWait, watch.Elapsed.TotalSeconds, loads.Average());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Times <paramref name="samples"/> n×n×n float32 matrix multiplies and returns each one's GFLOP/s.</summary>
    internal static IEnumerable<double> MatmulGflops(int n, int samples)
    {
        using var scope = NewDisposeScope();
        var a = randn(n, n);
        var b = randn(n, n);
        a.matmul(b).Dispose();
        var result = new List<double>(samples);
        for (var i = 0; i < samples; i++)
        {
            var watch = Stopwatch.StartNew();
            a.matmul(b).Dispose();
            result.Add(2.0 * n * n * n / watch.Elapsed.TotalSeconds / 1e9);
        }

        return result;
    }
}
