using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Neurons.Model.Brain;
using Neurons.Model.Checkpoints;
using Neurons.Model.Decoupled;
using Neurons.Model.IO;
using Neurons.Model.Losses;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Neurons.Model.Training;

/// <summary>
/// Stage-2 training of NEURONS (xmed-lab/NEURONS <c>train_neurons.py --neurons_decoupler</c>; docs/model.md):
/// starts from the stage-1 brain export (ridge, backbone and clipproj frozen), trains the diffusion prior, motion
/// projection, concept classifier, text-driven decoder and GPT-2 captioner with AdamW + OneCycle (β1 cycling) on
/// training repetition 0. Loss (<see cref="Stage2Loss"/>) = 30·prior MSE + SoftCLIP over the six frames (temperature
/// cosine-annealed 0.004 → 0.0075 by epoch) + InfoNCE of clipproj(frame-mean motion) against the caption embedding
/// + the progressively weighted seg (soft Dice vs the key-object masks, text = the key-object name's CLIP text), cls
/// (BCE vs the concept multi-hot), txt (captioner cross-entropy, prefix = the normalised clipproj text) and rec (L1 vs
/// the VAE latents, text = clipproj(frame-mean motion)). After every epoch <see cref="Stage2Evaluator"/> runs on the
/// test split. Checkpoints hold the trained parts (not the frozen brain), the optimiser, the RNG and the position, so
/// a resumed run repeats an uninterrupted one bit for bit on CPU; one of another configuration, options, subject,
/// brain or stage is refused with one line. One dispose scope per step; a full GC every <c>gc_every_steps</c>.
/// </summary>
public sealed class Stage2Trainer
{
    /// <summary>The checkpoint kind written into the metadata.</summary>
    public const string CheckpointKind = "neurons-stage2/1";

    private static readonly object InitLock = new();
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
    private static readonly string[] BrainPrefixes = ["ridge.", "backbone.", "clipproj."];

    private readonly Stage2Options options;
    private readonly ILogger logger;
    private readonly TimeProvider time;

    /// <summary>Initializes a new instance of the <see cref="Stage2Trainer"/> class.</summary>
    public Stage2Trainer(Stage2Options options, ILogger? logger = null, TimeProvider? time = null)
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

    /// <summary>Trains (or resumes from the newest checkpoint in <paramref name="store"/>) and returns the history and the model in its last state.</summary>
    /// <param name="config">The model configuration (its brain must match the stage-1 export).</param>
    /// <param name="subject">The 1-based subject number recorded in the history.</param>
    /// <param name="ridgeIndex">Which ridge of the brain the data belongs to.</param>
    /// <param name="brainModelPath">The stage-1 brain export (best weights) whose ridge, backbone and clipproj are frozen.</param>
    /// <param name="train">The training split (repetition 0).</param>
    /// <param name="test">The test split (repetitions averaged).</param>
    /// <param name="padId">The caption pad id (left out of the most-frequent-token baseline).</param>
    /// <param name="store">Where checkpoints go and come from.</param>
    /// <param name="device">The training device.</param>
    /// <param name="progress">Receives the fraction of steps done.</param>
    /// <param name="stopAfterStep">Test and operations hook: return true to stop after that global step (as a kill would, without a final checkpoint).</param>
    /// <param name="initialize">Runs on the fresh model after the brain is loaded and before a checkpoint is restored (e.g. to load GPT-2's pretrained weights).</param>
    /// <param name="cancellationToken">Cancels between steps.</param>
    public Stage2Result Train(
        DecoupledModelConfig config,
        int subject,
        int ridgeIndex,
        string brainModelPath,
        Stage2Split train,
        Stage2Split test,
        long padId,
        CheckpointStore store,
        Device device,
        IProgress<double>? progress = null,
        Func<long, bool>? stopAfterStep = null,
        Action<NeuronsDecoupledModel>? initialize = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(brainModelPath);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(device);
        config.Validate();
        CheckData(config, ridgeIndex, train, test);
        var iters = train.Count / options.BatchSize;
        if (iters < 1)
        {
            throw new ArgumentException($"train_decoupler options: batch_size {options.BatchSize} exceeds the {train.Count} training clips");
        }

        var total = (long)options.Epochs * iters;
        var schedule = new OneCycleSchedule(options.MaxLr, total, options.EffectivePctStart, FinalDivFactor: options.FinalDivFactor);
        var temperatures = ContrastiveLosses.CosineAnneal(options.ClipTemperatureStart, options.ClipTemperatureEnd, options.Epochs);
        var weights = new ProgressiveLossWeights(options.Epochs, iters);
        var baselines = Stage2Baselines.Compute(train, test, padId);
        var identity = Identity(config, subject, brainModelPath, train, test);
        if (options.Threads > 0)
        {
            torch.set_num_threads(options.Threads);
        }

        using var random = new RandomSource(options.Seed, device);
        NeuronsDecoupledModel model;
        lock (InitLock)
        {
            torch.manual_seed(options.Seed);
            model = new NeuronsDecoupledModel(config, random, options.Seed);
        }

        var ok = false;
        try
        {
            if (options.InitFrom.Length > 0 && store.Latest() is null)
            {
                ReferenceCheckpoint.Load(model, ReferenceKeyMap.Decoupled, options.InitFrom, ReferenceLoadOptions.DecoupledInit, logger: logger);
            }

            model.LoadBrain(brainModelPath);
            using (var priorTargets = train.Tokens.select(1, options.PriorFrame))
            {
                // A no-op unless the prior standardizes its targets (the tiny preset); a checkpoint restores the same values.
                model.Prior.FitStandardization(priorTargets);
            }

            model.Decoder.FitLatentStandardization(train.Latents);

            initialize?.Invoke(model);
            model.to(device);
            model.train();
            var trainable = model.TrainableParameters().ToList();
            using var optimizer = new AdamWOptimizer(trainable, options.WeightDecay) { Fused = FusedOptimizer };
            var state = new Stage2TrainerState();
            var latest = store.Latest();
            if (latest is not null)
            {
                state = Restore(latest, identity, model, optimizer, random);
                Log.Stage2Resuming(logger, latest, state.Epoch, state.Batch, state.GlobalStep);
            }

            Log.Stage2Started(logger, config.Name, subject, trainable.Sum(p => p.Parameter.numel()), train.Count, test.Count, total, device.ToString());
            var lastPath = latest;
            var bestPath = File.Exists(store.BestPath) ? store.BestPath : null;
            long stepsRun = 0;
            var stepTime = TimeSpan.Zero;
            for (var epoch = state.Epoch; epoch < options.Epochs; epoch++)
            {
                var order = DataOrder.ForEpoch(options.Seed, epoch, train.Count);
                if (state.Batch > 0 && !state.DataOrder.SequenceEqual(order))
                {
                    throw new InvalidDataException($"{latest}: the recorded data order of epoch {epoch} differs from this run's (seed or data changed)");
                }

                state.DataOrder = order;
                var temperature = temperatures[epoch];
                double lr = 0;
                for (var b = state.Batch; b < iters; b++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var started = time.GetTimestamp();
                    (lr, var beta1) = schedule.At(state.GlobalStep);
                    var w = weights.At(epoch, b);
                    Profile?.Begin();
                    var terms = Step(model, optimizer, random, train, order.AsSpan(b * options.BatchSize, options.BatchSize), ridgeIndex, temperature, w, lr, beta1, device);
                    Profile?.Mark("dispose");
                    for (var i = 0; i < terms.Length; i++)
                    {
                        state.EpochSums[i] += terms[i];
                    }

                    for (var i = 0; i < w.Length; i++)
                    {
                        state.EpochSums[terms.Length + i] += w[i];
                    }

                    var elapsed = time.GetElapsedTime(started);
                    stepTime += elapsed;
                    state.EpochSeconds += elapsed.TotalSeconds;
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
                        Log.Stage2Stopped(logger, state.GlobalStep);
                        ok = true;
                        return new Stage2Result(false, state.History.ToList(), baselines, lastPath, bestPath, model, stepsRun, stepTime);
                    }
                }

                var evalStarted = time.GetTimestamp();
                var metrics = Stage2Evaluator.Evaluate(model, ridgeIndex, test, options, epoch, device);
                var isBest = metrics.Selection > state.BestSelection;
                var row = Row(config, subject, epoch, state, iters, lr, temperature, metrics, baselines, isBest, time.GetElapsedTime(evalStarted).TotalSeconds);
                state.History.Add(row);
                if (isBest)
                {
                    state.BestSelection = metrics.Selection;
                    state.BestEpoch = epoch;
                }

                state.Epoch = epoch + 1;
                state.Batch = 0;
                state.DataOrder = [];
                state.EpochSums = new double[Stage2TrainerState.SumCount];
                state.EpochSeconds = 0;
                Log.Stage2EpochDone(logger, epoch, row.TrainLoss, row.TestForwardTop1, row.TestCaptionAccuracy, row.TestConceptMap, row.TestMaskDice, row.TestLatentL1, row.TestPriorCosine, isBest ? " (best)" : string.Empty);
                lastPath = Save(store, state, identity, model, optimizer, random);
                if (isBest)
                {
                    store.MarkBest(lastPath);
                    bestPath = store.BestPath;
                }
            }

            ok = true;
            return new Stage2Result(true, state.History.ToList(), baselines, lastPath, bestPath, model, stepsRun, stepTime);
        }
        finally
        {
            if (!ok)
            {
                model.Dispose();
            }
        }
    }

    /// <summary>
    /// The stage-2 loss terms of one batch, unweighted (<see cref="Stage2Loss"/>): the model's forward pass of
    /// training as the reference runs it. Exposed for the hand-checked loss test and the benchmark.
    /// </summary>
    /// <param name="model">The model (training mode).</param>
    /// <param name="batch">The batch.</param>
    /// <param name="ridgeIndex">The ridge of the batch's subject.</param>
    /// <param name="priorFrame">The prior's target frame.</param>
    /// <param name="clipTemperature">The SoftCLIP temperature.</param>
    /// <param name="textTemperature">The InfoNCE temperature.</param>
    /// <param name="generator">The generator of diffusion noise, timesteps and condition drops.</param>
    public static Stage2Loss Losses(NeuronsDecoupledModel model, Stage2Batch batch, int ridgeIndex, int priorFrame, double clipTemperature, double textTemperature, Generator generator) =>
        Losses(model, batch, ridgeIndex, priorFrame, clipTemperature, textTemperature, generator, null);

    /// <summary>As the public overload, charging each part of the forward pass to <paramref name="profile"/> when given.</summary>
    internal static Stage2Loss Losses(NeuronsDecoupledModel model, Stage2Batch batch, int ridgeIndex, int priorFrame, double clipTemperature, double textTemperature, Generator generator, StepProfile? profile)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = NewDisposeScope();
        var b = batch.Voxels.shape[0];
        var brain = model.EncodeBrain(batch.Voxels, ridgeIndex);
        profile?.Mark("forward: frozen brain");
        var targets = model.Prior.Standardize(batch.Tokens);
        var prior = model.Prior.TrainingStep(model.PriorCondition(brain), targets.select(1, priorFrame), generator);
        profile?.Mark("forward: prior");
        var motion = model.MotionProjection.call(prior.PredictedX0);
        long frames = motion.shape[1], tokens = motion.shape[2], width = motion.shape[3];
        var pred = ContrastiveLosses.FlattenNormalize(motion.reshape(b * frames, tokens * width));
        var targ = ContrastiveLosses.FlattenNormalize(targets.reshape(b * frames, tokens * width));
        var softClip = ContrastiveLosses.SoftClip(pred, targ, clipTemperature);
        var text = model.ProjectText(motion.mean([1]));
        var textNorm = F.normalize(text, p: 2, dim: -1);
        var textNce = ContrastiveLosses.InfoNce(textNorm, F.normalize(batch.Text, p: 2, dim: -1), textTemperature);
        var cls = DecouplerLosses.Classification(model.Classifier.call(motion.mean([1, 2])), batch.Concepts);
        profile?.Mark("forward: motion, contrastive, classifier");
        var vision = motion.reshape(b * frames, tokens, width);
        var seg = DecouplerLosses.Segmentation(model.Decoder.Forward(vision, batch.KeyText).Segmentation, batch.Masks);
        profile?.Mark("forward: decoder (segmentation)");
        var latents = batch.Latents.reshape(b * frames, batch.Latents.shape[2], batch.Latents.shape[3], batch.Latents.shape[4]);
        var rec = DecouplerLosses.Reconstruction(model.Decoder.Forward(vision, text).Reconstruction, latents, model.Decoder.LatentLossUnit);
        profile?.Mark("forward: decoder (reconstruction)");
        var caption = model.Captioner.Loss(textNorm, batch.CaptionIds);
        profile?.Mark("forward: caption");
        return new Stage2Loss(
            prior.Loss.MoveToOuterDisposeScope(),
            softClip.MoveToOuterDisposeScope(),
            textNce.MoveToOuterDisposeScope(),
            seg.MoveToOuterDisposeScope(),
            cls.MoveToOuterDisposeScope(),
            caption.MoveToOuterDisposeScope(),
            rec.MoveToOuterDisposeScope());
    }

    /// <summary>Writes the trained model of a finished run (the frozen brain included) with its configuration.</summary>
    public static void ExportModel(NeuronsDecoupledModel model, string outputPath, int subject, int bestEpoch)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Save(outputPath, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["neurons.subject"] = subject.ToString(CultureInfo.InvariantCulture),
            ["neurons.best_epoch"] = bestEpoch.ToString(CultureInfo.InvariantCulture),
        });
    }

    private double[] Step(
        NeuronsDecoupledModel model, AdamWOptimizer optimizer, RandomSource random, Stage2Split train, ReadOnlySpan<int> clips, int ridgeIndex, double temperature, double[] weights, double lr, double beta1, Device device)
    {
        using var scope = NewDisposeScope();
        var batch = train.Select(clips, device);
        Profile?.Mark("batch");
        using var terms = Losses(model, batch, ridgeIndex, options.PriorFrame, temperature, options.TextTemperature, random.Generator, Profile);
        var loss = terms.Total(weights);
        optimizer.ZeroGrad();
        loss.backward();
        Profile?.Mark("backward");
        optimizer.Step(lr, beta1);
        Profile?.Mark("optimizer");
        double[] values =
        [
            loss.item<float>(), terms.Prior.item<float>(), terms.SoftClip.item<float>(), terms.TextNce.item<float>(),
            terms.Segmentation.item<float>(), terms.Classification.item<float>(), terms.Caption.item<float>(), terms.Reconstruction.item<float>(),
        ];
        Profile?.Mark("read-back");
        return values;
    }

    private static DecouplerTrainingRow Row(
        DecoupledModelConfig config, int subject, int epoch, Stage2TrainerState state, int iters, double lr, double temperature, Stage2Metrics m, Stage2Baselines baselines, bool isBest, double evalSeconds)
    {
        double Mean(int i) => state.EpochSums[i] / iters;
        return new DecouplerTrainingRow
        {
            Subject = subject,
            Config = config.Name,
            Epoch = epoch,
            Step = state.GlobalStep,
            Steps = iters,
            Lr = lr,
            ClipTemperature = temperature,
            TrainLoss = Mean(0),
            TrainPriorLoss = Mean(1),
            TrainClipLoss = Mean(2),
            TrainTextLoss = Mean(3),
            TrainSegLoss = Mean(4),
            TrainClsLoss = Mean(5),
            TrainCaptionLoss = Mean(6),
            TrainReconLoss = Mean(7),
            PriorWeight = Stage2Loss.PriorScale,
            ClipWeight = 1,
            TextWeight = 1,
            SegWeight = Mean(8),
            ClsWeight = Mean(9),
            CaptionWeight = Mean(10),
            ReconWeight = Mean(11),
            TestForwardTop1 = m.ForwardTop1,
            TestBackwardTop1 = m.BackwardTop1,
            ChanceTop1 = m.ChanceTop1,
            TestCaptionAccuracy = m.CaptionAccuracy,
            BaselineCaptionAccuracy = baselines.CaptionAccuracy,
            TestConceptMap = m.ConceptMap,
            BaselineConceptMap = baselines.ConceptMap,
            TestMaskDice = m.MaskDice,
            BaselineMaskDice = baselines.MaskDice,
            TestLatentL1 = m.LatentL1,
            BaselineLatentL1 = baselines.LatentL1,
            TestPriorCosine = m.PriorCosine,
            BaselinePriorCosine = m.Stage1Cosine,
            EvalPath = m.Sampled ? "sampled" : "noised_gt",
            Selection = m.Selection,
            IsBest = isBest,
            TrainSeconds = state.EpochSeconds,
            EvalSeconds = evalSeconds,
        };
    }

    private static void CheckData(DecoupledModelConfig config, int ridgeIndex, Stage2Split train, Stage2Split test)
    {
        var brain = config.Brain;
        if (ridgeIndex < 0 || ridgeIndex >= brain.Voxels.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(ridgeIndex), ridgeIndex, $"model config '{config.Name}' has {brain.Voxels.Count} ridge(s)");
        }

        foreach (var (name, split) in new[] { ("training", train), ("test", test) })
        {
            if (split.Voxels.shape[1] != brain.Voxels[ridgeIndex] || split.Tokens.shape[2] != brain.Tokens || split.Tokens.shape[3] != brain.Width
                || split.Tokens.shape[1] != config.Decoupler.Frames || split.Text.shape[1] != brain.TextWidth || split.Concepts.shape[1] != config.Decoupler.Concepts
                || split.Masks.shape[2] != config.Decoupler.OutputSide || split.Latents.shape[2] != config.Decoupler.LatentChannels || split.CaptionIds.shape[1] != config.CaptionLength)
            {
                throw new ArgumentException(
                    $"model config '{config.Name}' expects {brain.Voxels[ridgeIndex]} voxels, {config.Decoupler.Frames} frames of {brain.Tokens}×{brain.Width} tokens, text {brain.TextWidth}, " +
                    $"{config.Decoupler.Concepts} concepts, masks {config.Decoupler.OutputSide}², {config.Decoupler.LatentChannels} latent channels, captions of {config.CaptionLength}; " +
                    $"the {name} data has {split.Voxels.shape[1]} voxels, {split.Tokens.shape[1]} frames of {split.Tokens.shape[2]}×{split.Tokens.shape[3]}, text {split.Text.shape[1]}, " +
                    $"{split.Concepts.shape[1]} concepts, masks {split.Masks.shape[2]}², {split.Latents.shape[2]} latent channels, captions of {split.CaptionIds.shape[1]}");
            }
        }
    }

    private Dictionary<string, string> Identity(DecoupledModelConfig config, int subject, string brainModelPath, Stage2Split train, Stage2Split test)
    {
        var semantic = options with { CheckpointEverySteps = 0, KeepLast = 1, GcEverySteps = 0, Threads = 0 };
        string brainHash;
        using (var stream = File.OpenRead(brainModelPath))
        {
            brainHash = Convert.ToHexStringLower(SHA256.HashData(stream));
        }

        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["neurons.kind"] = CheckpointKind,
            ["neurons.config"] = JsonSerializer.Serialize(config, Json),
            ["neurons.options"] = JsonSerializer.Serialize(semantic, Json),
            ["neurons.subject"] = subject.ToString(CultureInfo.InvariantCulture),
            ["neurons.brain_sha256"] = brainHash,
            ["neurons.data"] = $"train={train.Count} test={test.Count} voxels={train.Voxels.shape[1]}",
        };
    }

    private string Save(CheckpointStore store, Stage2TrainerState state, Dictionary<string, string> identity, NeuronsDecoupledModel model, AdamWOptimizer optimizer, RandomSource random)
    {
        using var rng = random.GetState();
        var meta = new Dictionary<string, string>(identity, StringComparer.Ordinal)
        {
            ["neurons.state"] = JsonSerializer.Serialize(state, Json),
            ["neurons.optimizer_step"] = optimizer.StepCount.ToString(CultureInfo.InvariantCulture),
        };
        var tensors = ModuleWeights.Prefixed(model, "model.")
            .Where(kv => !IsBrainKey(kv.Key["model.".Length..]))
            .Concat(optimizer.StateTensors().Select(kv => new KeyValuePair<string, Tensor>("optim." + kv.Key, kv.Value)))
            .Append(new KeyValuePair<string, Tensor>("rng.state", rng));
        var path = store.Save(state.GlobalStep, tensors, meta);
        Log.CheckpointWritten(logger, path);
        return path;
    }

    private static Stage2TrainerState Restore(string path, Dictionary<string, string> identity, NeuronsDecoupledModel model, AdamWOptimizer optimizer, RandomSource random)
    {
        using var reader = new SafeTensorsReader(path);
        foreach (var (key, expected) in identity)
        {
            reader.Metadata.TryGetValue(key, out var found);
            if (found != expected)
            {
                throw new InvalidDataException(
                    $"checkpoint {path} belongs to a different run ({key} = {Shorten(found ?? "(none)")}; this run has {Shorten(expected)}); delete it or restore the settings it was written with");
            }
        }

        var brainKeys = model.state_dict().Keys.Where(IsBrainKey).ToHashSet(StringComparer.Ordinal);
        ModuleWeights.Load(model, reader, "model.", brainKeys);
        var steps = long.Parse(reader.Metadata["neurons.optimizer_step"], CultureInfo.InvariantCulture);
        optimizer.LoadState(name => reader.Read("optim." + name), steps);
        using (var rng = reader.Read("rng.state"))
        {
            random.SetState(rng);
        }

        return JsonSerializer.Deserialize<Stage2TrainerState>(reader.Metadata["neurons.state"], Json)
            ?? throw new InvalidDataException($"checkpoint {path}: unreadable trainer state");
    }

    private static bool IsBrainKey(string key) => BrainPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal));

    private static string Shorten(string value) => value.Length <= 160 ? value : value[..157] + "...";
}
