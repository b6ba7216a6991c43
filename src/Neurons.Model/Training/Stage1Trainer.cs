using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Neurons.Model.Brain;
using Neurons.Model.Checkpoints;
using Neurons.Model.IO;
using Neurons.Model.Losses;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Neurons.Model.Training;

/// <summary>
/// Stage-1 training of the NEURONS brain model (xmed-lab/NEURONS <c>train_neurons.py</c> without
/// <c>--neurons_decoupler</c>; docs/model.md): AdamW + OneCycle (β1 cycling), BiMixCo on voxels (or SoftCLIP after
/// <c>mixup_pct</c>) + 0.25·InfoNCE on captions, repeat and frame chosen by epoch parity, a retrieval evaluation after
/// every epoch, checkpoints (model, optimiser, RNG, epoch, step, data order) that make a resumed run repeat an
/// uninterrupted one bit for bit on CPU. One dispose scope per step; a full GC every <c>gc_every_steps</c>.
/// </summary>
public sealed class Stage1Trainer
{
    /// <summary>The checkpoint kind written into the metadata.</summary>
    public const string CheckpointKind = "neurons-stage1/1";

    private static readonly object InitLock = new();
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    private readonly Stage1Options options;
    private readonly ILogger logger;
    private readonly TimeProvider time;

    /// <summary>Initializes a new instance of the <see cref="Stage1Trainer"/> class.</summary>
    public Stage1Trainer(Stage1Options options, ILogger? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        this.logger = logger ?? NullLogger.Instance;
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>Gets or sets the per-phase step timer the benchmark reads (null in normal runs).</summary>
    internal StepProfile? Profile { get; set; }

    /// <summary>Gets or sets whether AdamW takes its fused path (the benchmark compares both; results agree to rounding).</summary>
    internal bool FusedOptimizer { get; set; } = true;

    /// <summary>
    /// Trains (or resumes from the newest checkpoint in <paramref name="store"/>) and returns the history and model.
    /// </summary>
    /// <param name="config">The model configuration (one ridge per subject).</param>
    /// <param name="subject">The 1-based subject number recorded in the history.</param>
    /// <param name="ridgeIndex">Which ridge of <paramref name="config"/> the data belongs to.</param>
    /// <param name="textProjection">The frozen [width, text width] mean-token → text projection.</param>
    /// <param name="data">The training and test tensors.</param>
    /// <param name="store">Where checkpoints go and come from.</param>
    /// <param name="device">The training device.</param>
    /// <param name="progress">Receives the fraction of steps done.</param>
    /// <param name="stopAfterStep">Test and operations hook: return true to stop after that global step (as a kill would, without a final checkpoint).</param>
    /// <param name="cancellationToken">Cancels between steps.</param>
    public Stage1Result Train(
        BrainModelConfig config,
        int subject,
        int ridgeIndex,
        Tensor textProjection,
        TrainingData data,
        CheckpointStore store,
        Device device,
        IProgress<double>? progress = null,
        Func<long, bool>? stopAfterStep = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(textProjection);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(device);
        config.Validate();
        CheckData(config, ridgeIndex, data);
        var iters = data.TrainCount / options.BatchSize;
        if (iters < 1)
        {
            throw new ArgumentException($"train options: batch_size {options.BatchSize} exceeds the {data.TrainCount} training clips");
        }

        var total = (long)options.Epochs * iters;
        var schedule = new OneCycleSchedule(options.MaxLr, total, options.EffectivePctStart, FinalDivFactor: options.FinalDivFactor);
        var mixEpochs = (int)(options.MixupPct * options.Epochs);
        var softTemps = ContrastiveLosses.CosineAnneal(ContrastiveLosses.SoftClipStartTemperature, ContrastiveLosses.SoftClipEndTemperature, options.Epochs - mixEpochs);
        var identity = Identity(config, subject, data);
        if (options.Threads > 0)
        {
            torch.set_num_threads(options.Threads);
        }

        using var random = new RandomSource(options.Seed, device);
        NeuronsBrainModel model;
        lock (InitLock)
        {
            torch.manual_seed(options.Seed);
            model = new NeuronsBrainModel(config, random);
        }

        var ok = false;
        try
        {
            if (options.InitFrom.Length > 0 && store.Latest() is null)
            {
                ReferenceCheckpoint.Load(model, ReferenceKeyMap.Brain, options.InitFrom, ReferenceLoadOptions.BrainInit, logger: logger);
            }

            model.LoadTextProjection(textProjection);
            model.to(device);
            model.train();
            using var optimizer = new AdamWOptimizer(model.named_parameters().Select(p => (p.name, p.parameter)), options.WeightDecay) { Fused = FusedOptimizer };
            var state = new TrainerState();
            var latest = store.Latest();
            if (latest is not null)
            {
                state = Restore(latest, identity, model, optimizer, random);
                Log.Resuming(logger, latest, state.Epoch, state.Batch, state.GlobalStep);
            }

            Log.TrainingStarted(logger, config.Name, subject, model.parameters().Where(p => p.requires_grad).Sum(p => p.numel()), data.TrainCount, data.TestCount, total, device.ToString());
            var lastPath = latest;
            var bestPath = File.Exists(store.BestPath) ? store.BestPath : null;
            long stepsRun = 0;
            var wait = TimeSpan.Zero;
            var stepTime = TimeSpan.Zero;
            var repeats = data.TrainVoxelsByRepeat.Count;

            for (var epoch = state.Epoch; epoch < options.Epochs; epoch++)
            {
                var order = DataOrder.ForEpoch(options.Seed, epoch, data.TrainCount);
                if (state.Batch > 0 && !state.DataOrder.SequenceEqual(order))
                {
                    throw new InvalidDataException($"{latest}: the recorded data order of epoch {epoch} differs from this run's (seed or data changed)");
                }

                state.DataOrder = order;
                var repeat = epoch % repeats;
                var frame = epoch % 2 == 0 ? options.FrameEven : options.FrameOdd;
                var mix = epoch < mixEpochs;
                var temperature = mix ? options.ClipTemperature : softTemps[epoch - mixEpochs];
                var plan = Enumerable.Range(state.Batch, iters - state.Batch)
                    .Select(b => (epoch, b, repeat, frame, order.AsSpan(b * options.BatchSize, options.BatchSize).ToArray()));
                double lr = 0;
                using (var prefetcher = new BatchPrefetcher(data, plan, device))
                {
                    for (var b = state.Batch; b < iters; b++)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var started = time.GetTimestamp();
                        var waitBefore = prefetcher.WaitTime;
                        Profile?.Begin();
                        using (var batch = prefetcher.Take(cancellationToken))
                        {
                            Profile?.Mark("batch");
                            (lr, var beta1) = schedule.At(state.GlobalStep);
                            var (l, c, t) = Step(model, optimizer, random, batch, ridgeIndex, mix, temperature, lr, beta1);
                            state.EpochLossSums[0] += l;
                            state.EpochLossSums[1] += c;
                            state.EpochLossSums[2] += t;
                        }

                        Profile?.Mark("dispose");

                        var elapsed = time.GetElapsedTime(started);
                        var waited = prefetcher.WaitTime - waitBefore;
                        stepTime += elapsed;
                        wait += waited;
                        state.EpochSeconds += elapsed.TotalSeconds;
                        state.EpochWaitSeconds += waited.TotalSeconds;
                        state.GlobalStep++;
                        state.Batch = b + 1;
                        stepsRun++;
                        if (options.GcEverySteps > 0 && state.GlobalStep % options.GcEverySteps == 0)
                        {
                            GC.Collect();
                            GC.WaitForPendingFinalizers();
                            Profile?.Mark("gc");
                        }

                        progress?.Report((double)state.GlobalStep / total);
                        if (state.Batch < iters && options.CheckpointEverySteps > 0 && state.GlobalStep % options.CheckpointEverySteps == 0)
                        {
                            lastPath = Save(store, state, identity, model, optimizer, random);
                        }

                        if (stopAfterStep?.Invoke(state.GlobalStep) == true)
                        {
                            Log.Stopped(logger, state.GlobalStep);
                            ok = true;
                            return new Stage1Result(false, state.History.ToList(), lastPath, bestPath, model, stepsRun, wait, stepTime);
                        }
                    }
                }

                var metrics = RetrievalEvaluator.Evaluate(model, ridgeIndex, data.TestVoxels, data.TestTokens, data.TestText, options.EvalBatchSize, options.ClipTemperature, device);
                var isBest = metrics.Selection > state.BestSelection;
                var row = new TrainingRow
                {
                    Subject = subject,
                    Config = config.Name,
                    Epoch = epoch,
                    Step = state.GlobalStep,
                    Repeat = repeat,
                    Frame = frame,
                    VisionLoss = mix ? "bimixco" : "softclip",
                    Lr = lr,
                    TrainLoss = state.EpochLossSums[0] / iters,
                    TrainClipLoss = state.EpochLossSums[1] / iters,
                    TrainTextLoss = state.EpochLossSums[2] / iters,
                    TestClipLoss = metrics.ClipLoss,
                    TestForwardTop1 = metrics.ForwardTop1,
                    TestBackwardTop1 = metrics.BackwardTop1,
                    TestTextTop5 = metrics.TextTop5,
                    ChanceTop1 = metrics.ChanceTop1,
                    Selection = metrics.Selection,
                    IsBest = isBest,
                    TrainSeconds = state.EpochSeconds,
                    DataWaitShare = state.EpochSeconds > 0 ? state.EpochWaitSeconds / state.EpochSeconds : 0,
                };
                state.History.Add(row);
                if (isBest)
                {
                    state.BestSelection = metrics.Selection;
                    state.BestEpoch = epoch;
                }

                state.Epoch = epoch + 1;
                state.Batch = 0;
                state.DataOrder = [];
                state.EpochLossSums = new double[3];
                state.EpochSeconds = 0;
                state.EpochWaitSeconds = 0;
                Log.EpochDone(logger, epoch, row.TrainLoss, row.TestForwardTop1, row.TestBackwardTop1, row.TestTextTop5, row.ChanceTop1, isBest ? " (best)" : string.Empty);
                lastPath = Save(store, state, identity, model, optimizer, random);
                if (isBest)
                {
                    store.MarkBest(lastPath);
                    bestPath = store.BestPath;
                }
            }

            ok = true;
            return new Stage1Result(true, state.History.ToList(), lastPath, bestPath, model, stepsRun, wait, stepTime);
        }
        finally
        {
            if (!ok)
            {
                model.Dispose();
            }
        }
    }

    /// <summary>Writes the model weights of a checkpoint (keys without the <c>model.</c> prefix) to a safetensors file, with its configuration in the metadata.</summary>
    public static void ExportModel(string checkpointPath, string outputPath)
    {
        using var reader = new SafeTensorsReader(checkpointPath);
        var names = reader.Entries.Keys.Where(k => k.StartsWith("model.", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var tensors = names.Select(n => new KeyValuePair<string, Tensor>(n["model.".Length..], reader.Read(n))).ToList();
        try
        {
            var meta = reader.Metadata.Where(kv => kv.Key is "neurons.config" or "neurons.subject").ToDictionary(kv => kv.Key, kv => kv.Value);
            meta["neurons.kind"] = "neurons-brain-model/1";
            SafeTensors.Save(outputPath, tensors, meta);
        }
        finally
        {
            foreach (var (_, t) in tensors)
            {
                t.Dispose();
            }
        }
    }

    private (double Loss, double Clip, double Text) Step(
        NeuronsBrainModel model, AdamWOptimizer optimizer, RandomSource random, TrainingBatch batch, int ridgeIndex, bool mix, double temperature, double lr, double beta1)
    {
        using var scope = NewDisposeScope();
        var targets = F.normalize(batch.Tokens, p: 2, dim: -1);
        var text = F.normalize(batch.Text, p: 2, dim: -1);
        Tensor clipLoss;
        BrainOutput output;
        if (mix)
        {
            var mixed = ContrastiveLosses.MixCo(batch.Voxels, random.Generator, options.MixBeta, options.MixProbability);
            output = model.call(mixed.Voxels, ridgeIndex);
            var pred = ContrastiveLosses.FlattenNormalize(output.Clip);
            Profile?.Mark("forward");
            clipLoss = ContrastiveLosses.BiMixCo(pred, targets, temperature, mixed.Permutation, mixed.Betas);
        }
        else
        {
            output = model.call(batch.Voxels, ridgeIndex);
            var pred = ContrastiveLosses.FlattenNormalize(output.Clip);
            Profile?.Mark("forward");
            clipLoss = ContrastiveLosses.SoftClip(pred, targets, temperature);
        }

        var predText = F.normalize(output.Text, p: 2, dim: -1);
        var textLoss = ContrastiveLosses.InfoNce(predText, text, options.TextTemperature);
        var loss = clipLoss.add(textLoss.mul(options.TextWeight));
        Profile?.Mark("loss");
        optimizer.ZeroGrad();
        loss.backward();
        Profile?.Mark("backward");
        optimizer.Step(lr, beta1);
        Profile?.Mark("optimizer");
        var values = (loss.item<float>(), clipLoss.item<float>(), textLoss.item<float>());
        Profile?.Mark("read-back");
        return values;
    }

    private static void CheckData(BrainModelConfig config, int ridgeIndex, TrainingData data)
    {
        if (ridgeIndex < 0 || ridgeIndex >= config.Voxels.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(ridgeIndex), ridgeIndex, $"model config '{config.Name}' has {config.Voxels.Count} ridge(s)");
        }

        if (config.Voxels[ridgeIndex] != data.Voxels || config.Tokens != data.Tokens || config.Width != data.Width || config.TextWidth != data.TextWidth)
        {
            throw new ArgumentException(
                $"model config '{config.Name}' expects {config.Voxels[ridgeIndex]} voxels, {config.Tokens}×{config.Width} tokens, text {config.TextWidth}; " +
                $"the data has {data.Voxels} voxels, {data.Tokens}×{data.Width} tokens, text {data.TextWidth}");
        }
    }

    private Dictionary<string, string> Identity(BrainModelConfig config, int subject, TrainingData data)
    {
        var semantic = options with { CheckpointEverySteps = 0, KeepLast = 1, GcEverySteps = 0, Threads = 0 };
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["neurons.kind"] = CheckpointKind,
            ["neurons.config"] = JsonSerializer.Serialize(config, Json),
            ["neurons.options"] = JsonSerializer.Serialize(semantic, Json),
            ["neurons.subject"] = subject.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["neurons.data"] = $"train={data.TrainCount} test={data.TestCount} voxels={data.Voxels} repeats={data.TrainVoxelsByRepeat.Count}",
        };
    }

    private string Save(CheckpointStore store, TrainerState state, Dictionary<string, string> identity, NeuronsBrainModel model, AdamWOptimizer optimizer, RandomSource random)
    {
        using var rng = random.GetState();
        var meta = new Dictionary<string, string>(identity, StringComparer.Ordinal)
        {
            ["neurons.state"] = JsonSerializer.Serialize(state, Json),
            ["neurons.optimizer_step"] = optimizer.StepCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var tensors = ModuleWeights.Prefixed(model, "model.")
            .Concat(optimizer.StateTensors().Select(kv => new KeyValuePair<string, Tensor>("optim." + kv.Key, kv.Value)))
            .Append(new KeyValuePair<string, Tensor>("rng.state", rng));
        var path = store.Save(state.GlobalStep, tensors, meta);
        Log.CheckpointWritten(logger, path);
        return path;
    }

    private static TrainerState Restore(string path, Dictionary<string, string> identity, NeuronsBrainModel model, AdamWOptimizer optimizer, RandomSource random)
    {
        using var reader = new SafeTensorsReader(path);
        foreach (var (key, expected) in identity)
        {
            reader.Metadata.TryGetValue(key, out var found);
            if (found != expected)
            {
                throw new InvalidDataException(
                    $"checkpoint {path} belongs to a different run ({key} = {found ?? "(none)"}; this run has {expected}); delete it or restore the settings it was written with");
            }
        }

        ModuleWeights.Load(model, reader, "model.");
        var steps = long.Parse(reader.Metadata["neurons.optimizer_step"], System.Globalization.CultureInfo.InvariantCulture);
        optimizer.LoadState(name => reader.Read("optim." + name), steps);
        using (var rng = reader.Read("rng.state"))
        {
            random.SetState(rng);
        }

        return JsonSerializer.Deserialize<TrainerState>(reader.Metadata["neurons.state"], Json)
            ?? throw new InvalidDataException($"checkpoint {path}: unreadable trainer state");
    }
}
