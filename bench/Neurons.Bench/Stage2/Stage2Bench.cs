using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Neurons.Bench.Train;
using Neurons.Model.Brain;
using Neurons.Model.Captioning;
using Neurons.Model.Checkpoints;
using Neurons.Model.Decoupled;
using Neurons.Model.Decoupler;
using Neurons.Model.IO;
using Neurons.Model.Prior;
using Neurons.Model.Training;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Bench.Stage2;

/// <summary>
/// Issue 13: steps/s of <see cref="Stage2Trainer"/> for the <c>tiny</c> stage-2 model (the mini shapes) and a
/// mid-size one on this CPU on synthetic in-memory data, their achieved GFLOP/s (analytic FLOPs per step) against a
/// matrix multiply measured in the same run, and resident memory at steps 100, 500 and 1000 of the tiny run.
/// </summary>
internal static class Stage2Bench
{
    private static readonly long[] MemorySteps = [100, 500, 1000];

    /// <summary>Gets the <c>tiny</c> stage-2 configuration (the mini shapes) with its data sizes.</summary>
    internal static Stage2Shape Tiny { get; } = new("tiny", DecoupledModelConfig.Tiny(BrainModelConfig.Tiny([5000], 16, 32, 16), captionLength: 16), 1000, 20, 10, 28);

    /// <summary>Gets the mid-size stage-2 configuration with its data sizes.</summary>
    internal static Stage2Shape Mid { get; } = new(
        "mid-size",
        new DecoupledModelConfig
        {
            Name = "mid",
            Brain = new BrainModelConfig { Name = "mid", Voxels = [5000], Hidden = 512, Blocks = 4, Tokens = 64, Width = 256, TextWidth = 128 },
            Prior = PriorConfig.Tiny(64, 256) with { Name = "mid", Depth = 4, Heads = 8, DimHead = 32 },
            Decoupler = DecouplerConfig.Tiny(64, 256, 128) with { Name = "mid", ProjectorChannels = [128, 64, 32], DecoderChannels = [64, 32, 32], Groups = 16 },
            Gpt2 = Gpt2Config.Tiny(positions: 64) with { Name = "mid", Width = 256, Layers = 4, Heads = 8 },
            CaptionLength = 30,
        },
        200,
        20,
        10,
        28);

    public static BenchDefinition Definition()
    {
        var steps = new Option<int>("--steps") { Description = "Training steps of the tiny configuration (memory is sampled at 100, 500, 1000).", DefaultValueFactory = _ => 1000 };
        var midSteps = new Option<int>("--mid-steps") { Description = "Training steps of the mid-size configuration (0 skips it).", DefaultValueFactory = _ => 20 };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads for training and the matmul.", DefaultValueFactory = _ => 1 };
        var matmul = new Option<int>("--matmul") { Description = "Side n of the n×n×n float32 matrix multiply used as the limit.", DefaultValueFactory = _ => 1024 };
        return new BenchDefinition(
            "stage2",
            "Stage-2 trainer steps/s (tiny, mid-size), GFLOP/s vs a 1024³ matmul, resident memory over 1,000 steps (issue 13).",
            [steps, midSteps, threads, matmul],
            ["--steps", "100", "--mid-steps", "3"],
            (parse, ct) => Task.FromResult(Run(Math.Max(1, parse.GetValue(steps)), Math.Max(0, parse.GetValue(midSteps)), Math.Max(1, parse.GetValue(threads)), Math.Max(64, parse.GetValue(matmul)), ct)));
    }

    private static BenchReport Run(int steps, int midSteps, int threads, int n, CancellationToken cancellationToken)
    {
        var report = new BenchReport("stage2", string.Create(CultureInfo.InvariantCulture, $"stage-2 trainer on CPU, float32, {threads} libtorch thread(s)"));
        torch.set_num_threads(threads);
        var matmulSamples = new List<double>(TrainBench.MatmulGflops(n, 5));
        var loads = new List<double> { Machine.LoadAverage() };

        var tiny = Tiny;
        var mid = Mid;
        var memory = new SortedDictionary<long, (long Bytes, double Load)>();
        var tinyRun = Train(tiny, steps, threads, s => MemorySteps.Contains(s) || s == steps, memory, cancellationToken);
        var midRun = midSteps > 0 ? Train(mid, midSteps, threads, _ => false, null, cancellationToken) : null;
        matmulSamples.AddRange(TrainBench.MatmulGflops(n, 5));
        loads.Add(Machine.LoadAverage());
        var limit = Timing.Median(matmulSamples);
        report.Rows.Add(BenchRow.Figure(string.Create(CultureInfo.InvariantCulture, $"{n}³ float32 matmul, {threads} thread(s) (median of {matmulSamples.Count}, before and after)"), limit, "GFLOP/s") with { LoadAverage = loads.Average() });
        foreach (var (shape, result) in new[] { (tiny, tinyRun), (mid, midRun) })
        {
            if (result is null)
            {
                continue;
            }

            var stepsPerSecond = result.StepsRun / result.StepTime.TotalSeconds;
            var c = shape.Config;
            var label = string.Create(CultureInfo.InvariantCulture, $"{shape.Label} ({c.Brain.Tokens} × {c.Brain.Width} tokens, text {c.Brain.TextWidth}, prior depth {c.Prior.Depth}, decoder [{string.Join(", ", c.Decoupler.DecoderChannels)}], GPT-2 {c.Gpt2.Layers} × {c.Gpt2.Width}, {c.ParameterCount(trainableOnly: true) / 1e6:F2} M trained parameters, batch {shape.BatchSize})");
            report.Rows.Add(BenchRow.Figure($"{label}: steps/s over {result.StepsRun} steps", stepsPerSecond, "steps/s") with { LoadAverage = result.LoadAverage });
            report.Rows.Add(BenchRow.Throughput($"{shape.Label}: achieved compute ({shape.FlopsPerStep() / 1e9:F3} GFLOP/step, analytic)", shape.FlopsPerStep() * stepsPerSecond / 1e9, "GFLOP/s", "the matmul above", limit) with { LoadAverage = result.LoadAverage });
            report.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"{shape.Label}: {result.StepsRun} steps in {result.StepTime.TotalSeconds:F1} s of step time ({result.WallSeconds:F1} s wall, including per-epoch evaluation and checkpoints); {shape.TrainClips} training clips, {shape.TestClips} test clips, in memory."));
        }

        if (memory.Count > 0)
        {
            var first = memory.First();
            foreach (var (step, (bytes, load)) in memory)
            {
                report.Rows.Add(new BenchRow($"tiny: resident memory at step {step}", bytes / 1e6, "MB", $"step {first.Key}", first.Value.Bytes / 1e6, (double)bytes / first.Value.Bytes, "growth < 5 % (ratio < 1.05)", load));
            }
        }

        return report.Finish();
    }

    /// <summary>Trains <paramref name="shape"/> for <paramref name="steps"/> steps on synthetic data, timing phases into <paramref name="profile"/> when given (reset after <paramref name="quietSteps"/> warm-up steps).</summary>
    internal static TrainRun Train(Stage2Shape shape, int steps, int threads, Func<long, bool> sampleMemory, SortedDictionary<long, (long Bytes, double Load)>? memory, CancellationToken cancellationToken, StepProfile? profile = null, int quietSteps = 0, bool fusedOptimizer = true)
    {
        var folder = Directory.CreateTempSubdirectory("neurons-bench-stage2-");
        try
        {
            var brainPath = WriteBrain(shape.Config.Brain, folder.FullName);
            using var train = Split(shape, shape.TrainClips, 1);
            using var test = Split(shape, shape.TestClips, 2);
            var iters = shape.TrainClips / shape.BatchSize;
            var options = new Stage2Options
            {
                Epochs = Math.Max(3, (steps + iters - 1) / iters),
                BatchSize = shape.BatchSize,
                MaxLr = 3e-4,
                Threads = threads,
                KeepLast = 1,
                EvalBatchSize = shape.TestClips,
                EvalSampling = false,
            };
            AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"  training {shape.Label} for {steps} steps ({iters} steps per epoch)...")));
            var watch = Stopwatch.StartNew();
            var loads = new List<double> { Machine.LoadAverage() };
            var result = new Stage2Trainer(options) { Profile = profile, FusedOptimizer = fusedOptimizer }.Train(
                shape.Config,
                1,
                0,
                brainPath,
                train,
                test,
                Gpt2CaptionTokenizer.Padding,
                new CheckpointStore(Path.Combine(folder.FullName, "checkpoints"), 1),
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
                        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"    step {step}, {watch.Elapsed.TotalSeconds:F0} s, load {Machine.LoadAverage():F2}")));
                    }

                    return step >= steps;
                },
                cancellationToken: cancellationToken);
            result.Model.Dispose();
            loads.Add(Machine.LoadAverage());
            return new TrainRun(result.StepsRun, result.StepTime, TimeSpan.Zero, watch.Elapsed.TotalSeconds, loads.Average());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string WriteBrain(BrainModelConfig config, string folder)
    {
        var path = Path.Combine(folder, "brain_model.safetensors");
        using var random = new RandomSource(1);
        using var model = new NeuronsBrainModel(config, random);
        using var gen = new Generator(2);
        using var projection = randn(config.Width, config.TextWidth, generator: gen).div_(Math.Sqrt(config.Width));
        model.LoadTextProjection(projection);
        SafeTensors.Save(path, ModuleWeights.Prefixed(model, string.Empty), new Dictionary<string, string>
        {
            ["neurons.kind"] = NeuronsDecoupledModel.BrainKind,
            ["neurons.config"] = JsonSerializer.Serialize(config),
        });
        return path;
    }

    private static Stage2Split Split(Stage2Shape shape, int clips, ulong seed)
    {
        var c = shape.Config;
        var side = c.Decoupler.OutputSide;
        using var gen = new Generator(seed);
        using var scope = NewDisposeScope();
        var ids = randint(0, 50000, [clips, c.CaptionLength], dtype: ScalarType.Int64, generator: gen);
        Tensor[] parts =
        [
            randn(clips, c.Brain.Voxels[0], generator: gen),
            randn([clips, c.Decoupler.Frames, c.Brain.Tokens, c.Brain.Width], generator: gen).to(ScalarType.Float16),
            randn(clips, c.Brain.TextWidth, generator: gen).to(ScalarType.Float16),
            randn(clips, c.Brain.TextWidth, generator: gen).to(ScalarType.Float16),
            rand([clips, c.Decoupler.Frames, side, side], generator: gen).gt(0.7).to(ScalarType.Byte),
            randn([clips, c.Decoupler.Frames, c.Decoupler.LatentChannels, shape.LatentSide, shape.LatentSide], generator: gen).to(ScalarType.Float16),
            rand(clips, c.Decoupler.Concepts, generator: gen).gt(0.9).to(ScalarType.Float32),
            ids,
        ];
        foreach (var t in parts)
        {
            t.MoveToOuterDisposeScope();
        }

        return new Stage2Split(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], parts[6], parts[7]);
    }
}
