using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Neurons.Data.Tables;
using Neurons.Engine.Config;
using Neurons.Engine.Stages;
using Neurons.Model.Brain;
using Neurons.Model.Checkpoints;
using Neurons.Model.IO;
using Neurons.Model.Training;
using Neurons.Stages.Targets;
using TorchSharp;
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
            .. OptionsValidation.MissingFiles(("text_projection", parameters.Bind<TrainOptions>().TextProjection)),
        ];
    }

    /// <inheritdoc/>
    public async Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.BindParameters<TrainOptions>();
        var trainerOptions = context.BindParameters<Stage1Options>();
        var mixer = options.Mixer == "residual" ? MixerMode.Residual : MixerMode.Reference;

        var fmri = await ReadFmriAsync(context.Input("fmri"), options.Subjects, cancellationToken).ConfigureAwait(false);
        var targetShards = context.Input("targets");
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
            using var data = await BuildDataAsync(subject, targetShards, shape, trainerOptions, options.TestFrame, cancellationToken).ConfigureAwait(false);
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

    internal static async Task<Dictionary<int, SubjectFmri>> ReadFmriAsync(IReadOnlyList<InputShard> shards, List<int> wanted, CancellationToken cancellationToken)
    {
        var subjects = new Dictionary<int, SubjectFmri>();
        foreach (var shard in shards)
        {
            await foreach (var group in ParquetRows.ReadRowGroupsAsync<FmriRow>(shard.Path, cancellationToken).ConfigureAwait(false))
            {
                foreach (var row in group)
                {
                    if (wanted.Count > 0 && !wanted.Contains(row.Subject))
                    {
                        continue;
                    }

                    if (!subjects.TryGetValue(row.Subject, out var s))
                    {
                        s = new SubjectFmri(row.Subject);
                        subjects[row.Subject] = s;
                    }

                    s.Add(row.Split, row.ClipId, row.SplitIndex, row.Repeat, row.Voxels);
                }
            }
        }

        var missing = wanted.Where(w => !subjects.ContainsKey(w)).ToList();
        if (missing.Count > 0 || subjects.Count == 0)
        {
            throw new InvalidDataException($"train: the fmri table has no rows for subject(s) [{string.Join(", ", missing)}]; it holds [{string.Join(", ", subjects.Keys.Order())}]");
        }

        return subjects;
    }

    private static async Task<(Tensor Projection, JsonObject Facts)> TextProjectionAsync(
        StageContext context, TrainOptions options, IReadOnlyList<InputShard> targetShards, int width, int textWidth, CancellationToken cancellationToken)
    {
        var expected = new long[] { width, textWidth };
        if (options.TextProjection.Length > 0)
        {
            var path = options.TextProjection;
            if (!File.Exists(path))
            {
                throw new ConfigException(StageFile, "stages.train.text_projection", $"{path} does not exist");
            }

            using var reader = new SafeTensorsReader(path);
            var proj = reader.Read("proj");
            if (!proj.shape.SequenceEqual(expected))
            {
                var text = string.Join(", ", proj.shape);
                proj.Dispose();
                throw new InvalidDataException($"{path}: proj is [{text}], the targets need [{width}, {textWidth}]");
            }

            return (proj, new JsonObject { ["source"] = path });
        }

        // NEURONS loads coco_tokens_avg_proj.pth; we fit its stand-in on the training clips (targets stage helper).
        var (fit, r2, top1, clips) = await TargetProjectionFit.FitAsync(targetShards.Select(s => s.Path), options.ProjectionLambda, cancellationToken).ConfigureAwait(false);
        if (fit.Inputs != width || fit.Outputs != textWidth)
        {
            throw new InvalidDataException($"train: the fitted text projection is [{fit.Inputs}, {fit.Outputs}], the targets need [{width}, {textWidth}]");
        }

        var projection = tensor(fit.Weights, expected, dtype: ScalarType.Float32);
        var file = Path.Combine(context.Output("training").FilesDirectory, "text_projection.safetensors");
        SafeTensors.Save(file, [new("proj", projection)], new Dictionary<string, string>
        {
            ["neurons.kind"] = "neurons-text-projection/1",
            ["lambda"] = options.ProjectionLambda.ToString("R", CultureInfo.InvariantCulture),
        });
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

    private static async Task<TrainingData> BuildDataAsync(
        SubjectFmri subject, IReadOnlyList<InputShard> targetShards, (int Tokens, int Width, int TextWidth, List<int> Frames) shape, Stage1Options options, int testFrame, CancellationToken cancellationToken)
    {
        var train = Ordered(subject, "train");
        var test = Ordered(subject, "test");
        if (train.Count == 0 || test.Count == 0)
        {
            throw new InvalidDataException($"train: subject {subject.Subject} has {train.Count} training and {test.Count} test clips in the fmri table; both are needed");
        }

        var repeats = train[0].Repeats.Keys.ToList();
        var testRepeats = test[0].Repeats.Keys.ToList();
        foreach (var (id, _, r) in train)
        {
            if (!r.Keys.SequenceEqual(repeats))
            {
                throw new InvalidDataException($"train: subject {subject.Subject} clip {id} has repeats [{string.Join(", ", r.Keys)}], other training clips [{string.Join(", ", repeats)}]");
            }
        }

        foreach (var (id, _, r) in test)
        {
            if (!r.Keys.SequenceEqual(testRepeats))
            {
                throw new InvalidDataException($"train: subject {subject.Subject} clip {id} has repeats [{string.Join(", ", r.Keys)}], other test clips [{string.Join(", ", testRepeats)}]");
            }
        }

        var targets = await TargetTensors.ReadAsync(
            targetShards, train.Select(c => c.Id).ToList(), test.Select(c => c.Id).ToList(), new[] { options.FrameEven, options.FrameOdd }.Distinct().ToList(), testFrame, shape, cancellationToken).ConfigureAwait(false);
        var v = subject.Voxels;
        var trainVoxels = repeats.Select(rep => VoxelTensor(train.Select(c => c.Repeats[rep]).ToList(), v)).ToList();
        var testVoxels = stack(testRepeats.Select(rep => VoxelTensor(test.Select(c => c.Repeats[rep]).ToList(), v)).ToArray(), 1);

        // TrainingData takes ownership of every tensor handed over.
        return new TrainingData(trainVoxels, targets.TrainFrames, targets.TrainText, testVoxels, targets.TestTokens, targets.TestText);
    }

    private static List<(string Id, int SplitIndex, SortedDictionary<int, float[]> Repeats)> Ordered(SubjectFmri subject, string split) =>
        subject.Clips.TryGetValue(split, out var clips)
            ? clips.Select(kv => (kv.Key, kv.Value.SplitIndex, kv.Value.Repeats)).OrderBy(c => c.SplitIndex).ToList()
            : [];

    private static Tensor VoxelTensor(List<float[]> rows, int v)
    {
        var t = empty(rows.Count, v, dtype: ScalarType.Float32);
        var span = t.data<float>();
        for (var i = 0; i < rows.Count; i++)
        {
            span.CopyFrom(rows[i], 0, i * (long)v);
        }

        return t;
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(path);
        await using var _ = stream.ConfigureAwait(false);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
    }
}
