using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Neurons.Data.Fmri;
using Neurons.Data.Tables;
using Neurons.Engine.Config;
using Neurons.Engine.Stages;
using Neurons.Model.Brain;
using Neurons.Model.Checkpoints;
using Neurons.Model.Datasets;
using Neurons.Model.IO;
using Neurons.Model.Training;
using Neurons.Vision.Targets;
using static TorchSharp.torch;

namespace Neurons.Stages.Train;

/// <summary>
/// The <c>train</c> stage (global): gathers every <c>fmri</c> and <c>targets</c> shard, trains one NEURONS stage-1
/// brain model per subject with <see cref="Stage1Trainer"/> (resuming from the checkpoints under
/// <c>&lt;workspace&gt;/.cache/train/</c> after any crash), writes the per-epoch history as the <c>training</c> table
/// and the best model per subject to <c>&lt;workspace&gt;/models/train/subject&lt;s&gt;/brain_model.safetensors</c>.
/// </summary>
public sealed class TrainStage : IStage
{
    private const string StageFile = "stages/train/stage.yaml";

    /// <inheritdoc/>
    public string Name => "train";

    /// <inheritdoc/>
    public IReadOnlyList<ParameterError> ValidateParameters(StageParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return
        [
            .. OptionsValidation.Validate<TrainOptions>(parameters),
            .. OptionsValidation.Validate<Stage1Options>(parameters),
            .. OptionsValidation.MissingFiles(("text_projection", parameters.Bind<TrainOptions>().TextProjection), ("init_from", parameters.Bind<Stage1Options>().InitFrom)),
        ];
    }

    /// <inheritdoc/>
    public async Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.BindParameters<TrainOptions>();
        var trainerOptions = context.BindParameters<Stage1Options>();
        var mixer = options.Mixer == "residual" ? MixerMode.Residual : MixerMode.Reference;

        var fmri = await SubjectFmri.ReadAsync(context.Input("fmri").Select(s => s.Path), options.Subjects, cancellationToken).ConfigureAwait(false);
        var targetShards = context.Input("targets").Select(s => s.Path).ToList();
        var shape = await TargetTensors.ShapeAsync(targetShards, cancellationToken).ConfigureAwait(false);
        foreach (var frame in new[] { trainerOptions.FrameEven, trainerOptions.FrameOdd, options.TestFrame })
        {
            if (!shape.Frames.Contains(frame))
            {
                throw new ConfigException(StageFile, "stages.train.frame_even/frame_odd/test_frame", $"frame {frame} is not among the stored target frames [{string.Join(", ", shape.Frames)}]");
            }
        }

        var (projection, projectionFacts) = await TextProjectionAsync(context, options, targetShards, shape.Width, shape.TextWidth, cancellationToken).ConfigureAwait(false);
        using var projectionScope = projection;
        var device = ResolveDevice(options.Device);
        // Operational parameters are not in the fingerprint, so changing threads or keep_last keeps a run's checkpoints.
        var runKey = context.Fingerprint.Length >= 12
            ? context.Fingerprint[..12]
            : throw new InvalidOperationException("train: the engine passed no work-item fingerprint to key the checkpoints by");
        var rows = new List<TrainingRow>();
        var models = new JsonObject();
        var output = context.Output("training");
        var subjects = fmri.Keys.Order().ToList();
        for (var i = 0; i < subjects.Count; i++)
        {
            var subject = fmri[subjects[i]];
            var trainFrames = new[] { trainerOptions.FrameEven, trainerOptions.FrameOdd }.Distinct().ToList();
            using var data = await Stage1Data.BuildAsync(subject, targetShards, shape, trainFrames, options.TestFrame, cancellationToken).ConfigureAwait(false);
            var config = BrainModelConfig.FromPreset(options.Config, [data.Voxels], shape.Tokens, shape.Width, shape.TextWidth) with { Mixer = mixer };
            var store = new CheckpointStore(Path.Combine(context.CacheDirectory, $"subject{subject.Subject}-{runKey}"), trainerOptions.KeepLast);
            var baseProgress = (double)i / subjects.Count;
            var progress = new Progress<double>(f => context.Progress.Report(baseProgress + (f / subjects.Count)));
            var trainer = new Stage1Trainer(trainerOptions, context.Logger, context.Time);
            var result = await Task.Run(() => trainer.Train(config, subject.Subject, 0, projection, data, store, device, progress, cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
            using (result.Model)
            {
                rows.AddRange(result.History);
                var best = result.BestCheckpoint ?? throw new InvalidOperationException($"train: subject {subject.Subject} finished without an evaluated checkpoint");
                // Committed with the training shard, into training/all.files/subject<s>/ (listed with its hash in the sidecar).
                var modelFile = $"subject{subject.Subject}/brain_model.safetensors";
                var modelPath = Path.Combine(output.FilesDirectory, modelFile);
                Stage1Trainer.ExportModel(best, modelPath);
                var bestRow = result.History.Where(r => r.IsBest).Last();
                models[$"subject{subject.Subject}"] = new JsonObject
                {
                    ["model"] = modelFile,
                    ["sha256"] = await Sha256Async(modelPath, cancellationToken).ConfigureAwait(false),
                    ["config"] = JsonSerializer.SerializeToNode(config),
                    ["parameters"] = config.ParameterCount(),
                    ["best_epoch"] = bestRow.Epoch,
                    ["best_selection"] = bestRow.Selection,
                    ["best_fwd_top1"] = bestRow.TestForwardTop1,
                    ["chance_top1"] = bestRow.ChanceTop1,
                    ["train_clips"] = data.TrainCount,
                    ["test_clips"] = data.TestCount,
                    ["test_repeats_averaged"] = data.TestRepeats,
                    ["checkpoints"] = Path.GetRelativePath(context.WorkspaceRoot, store.Directory),
                };
            }
        }

        await ParquetRows.WriteAsync(output.Path, rows, cancellationToken).ConfigureAwait(false);
        output.Rows = rows.Count;
        output.Metadata["models"] = models;
        output.Metadata["device"] = device.ToString();
        output.Metadata["text_projection"] = projectionFacts;
    }

    private static Device ResolveDevice(string name) => name switch
    {
        "cpu" => CPU,
        "cuda" when !cuda.is_available() => throw new InvalidOperationException("train: device cuda was asked for but no CUDA device is available (build with -p:Accelerator=cuda on a GPU machine)"),
        "cuda" => CUDA,
        _ => cuda.is_available() ? CUDA : CPU,
    };

    private static async Task<(Tensor Projection, JsonObject Facts)> TextProjectionAsync(
        StageContext context, TrainOptions options, IReadOnlyList<string> targetShards, int width, int textWidth, CancellationToken cancellationToken)
    {
        if (options.TextProjection.Length > 0)
        {
            var path = options.TextProjection;
            if (!File.Exists(path))
            {
                throw new ConfigException(StageFile, "stages.train.text_projection", $"{path} does not exist");
            }

            return (TextProjectionFile.Load(path, width, textWidth), new JsonObject { ["source"] = path });
        }

        // NEURONS loads coco_tokens_avg_proj.pth; we fit its stand-in on the training clips by ridge regression.
        var pairs = await TargetProjectionPairs.ReadAsync(targetShards, cancellationToken).ConfigureAwait(false);
        var fit = RidgeProjection.Fit(pairs.MeanTokens, pairs.Texts, options.ProjectionLambda);
        var (r2, top1) = fit.Evaluate(pairs.MeanTokens, pairs.Texts);
        var clips = pairs.MeanTokens.Count;
        if (fit.Inputs != width || fit.Outputs != textWidth)
        {
            throw new InvalidDataException($"train: the fitted text projection is [{fit.Inputs}, {fit.Outputs}], the targets need [{width}, {textWidth}]");
        }

        var file = Path.Combine(context.Output("training").FilesDirectory, "text_projection.safetensors");
        var projection = TextProjectionFile.Save(file, fit.Weights, width, textWidth, options.ProjectionLambda);
        return (projection, new JsonObject
        {
            ["source"] = "fitted",
            ["file"] = "text_projection.safetensors",
            ["lambda"] = options.ProjectionLambda,
            ["r2"] = r2,
            ["top1"] = top1,
            ["clips"] = clips,
        });
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(path);
        await using var _ = stream.ConfigureAwait(false);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
    }
}
