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
    public async Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Parameters.Bind<TrainOptions>();
        Validate(options);
        var trainerOptions = ToTrainerOptions(options);
        trainerOptions.Validate();
        var mixer = options.Mixer == "residual" ? MixerMode.Residual : MixerMode.Reference;

        var fmri = await ReadFmriAsync(context.Input("fmri"), options.Subjects, cancellationToken).ConfigureAwait(false);
        var (shape, targets) = await ReadTargetsAsync(context.Input("targets"), cancellationToken).ConfigureAwait(false);
        foreach (var frame in new[] { options.FrameEven, options.FrameOdd, options.TestFrame })
        {
            if (frame < 0 || frame >= shape.Frames)
            {
                throw new ConfigException(StageFile, "stages.train.frame_even/frame_odd/test_frame", $"frame {frame} is outside the {shape.Frames} frames of the targets");
            }
        }

        var projectionPath = options.TextProjection.Length > 0 ? options.TextProjection : shape.TextProjection;
        if (projectionPath.Length == 0)
        {
            throw new ConfigException(StageFile, "stages.train.text_projection", "no text projection file: the targets sidecar names none and the parameter is empty");
        }

        projectionPath = Path.GetFullPath(projectionPath, context.WorkspaceRoot);
        using var projection = ReadProjection(projectionPath, shape);
        var device = ResolveDevice(options.Device);
        var runKey = RunKey(context);
        var rows = new List<TrainingRow>();
        var models = new JsonObject();
        var subjects = fmri.Keys.Order().ToList();
        for (var i = 0; i < subjects.Count; i++)
        {
            var subject = fmri[subjects[i]];
            using var data = BuildData(subject, targets, shape, options);
            var config = BrainModelConfig.FromPreset(options.Config, [data.Voxels], shape.Tokens, shape.Width, shape.TextWidth) with { Mixer = mixer };
            var store = new CheckpointStore(Path.Combine(context.CacheDirectory, $"subject{subject.Subject}-{runKey}"), options.KeepLast);
            var baseProgress = (double)i / subjects.Count;
            var progress = new Progress<double>(f => context.Progress.Report(baseProgress + (f / subjects.Count)));
            var trainer = new Stage1Trainer(trainerOptions, context.Logger, context.Time);
            var result = await Task.Run(() => trainer.Train(config, subject.Subject, 0, projection, data, store, device, progress, cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
            using (result.Model)
            {
                rows.AddRange(result.History);
                var best = result.BestCheckpoint ?? throw new InvalidOperationException($"train: subject {subject.Subject} finished without an evaluated checkpoint");
                var modelPath = Path.Combine(context.WorkspaceRoot, "models", "train", $"subject{subject.Subject}", "brain_model.safetensors");
                Stage1Trainer.ExportModel(best, modelPath);
                var bestRow = result.History.Where(r => r.IsBest).Last();
                models[$"subject{subject.Subject}"] = new JsonObject
                {
                    ["model"] = Path.GetRelativePath(context.WorkspaceRoot, modelPath),
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

        var output = context.Output("training");
        await ParquetRows.WriteAsync(output.Path, rows, cancellationToken).ConfigureAwait(false);
        output.Rows = rows.Count;
        output.Metadata["models"] = models;
        output.Metadata["device"] = device.ToString();
        output.Metadata["text_projection"] = projectionPath;
    }

    internal static Stage1Options ToTrainerOptions(TrainOptions o) => new()
    {
        Epochs = o.Epochs,
        BatchSize = o.BatchSize,
        MaxLr = o.MaxLr,
        WeightDecay = o.WeightDecay,
        PctStart = o.PctStart,
        FinalDivFactor = o.FinalDivFactor,
        Seed = o.Seed,
        MixupPct = o.MixupPct,
        ClipTemperature = o.ClipTemperature,
        TextTemperature = o.TextTemperature,
        TextWeight = o.TextWeight,
        MixBeta = o.MixBeta,
        MixProbability = o.MixProbability,
        FrameEven = o.FrameEven,
        FrameOdd = o.FrameOdd,
        EvalBatchSize = o.EvalBatchSize,
        CheckpointEverySteps = o.CheckpointEverySteps,
        KeepLast = o.KeepLast,
        GcEverySteps = o.GcEverySteps,
        Threads = o.Threads,
    };

    private static void Validate(TrainOptions o)
    {
        if (o.Config is not ("paper" or "tiny"))
        {
            throw new ConfigException(StageFile, "stages.train.config", $"'{o.Config}' is not paper or tiny");
        }

        if (o.Mixer is not ("reference" or "residual"))
        {
            throw new ConfigException(StageFile, "stages.train.mixer", $"'{o.Mixer}' is not reference or residual");
        }

        if (o.Device is not ("auto" or "cpu" or "cuda"))
        {
            throw new ConfigException(StageFile, "stages.train.device", $"'{o.Device}' is not auto, cpu or cuda");
        }
    }

    private static Device ResolveDevice(string name) => name switch
    {
        "cpu" => CPU,
        "cuda" when !cuda.is_available() => throw new InvalidOperationException("train: device cuda was asked for but no CUDA device is available (build with -p:Accelerator=cuda on a GPU machine)"),
        "cuda" => CUDA,
        _ => cuda.is_available() ? CUDA : CPU,
    };

    private static async Task<Dictionary<int, SubjectFmri>> ReadFmriAsync(IReadOnlyList<InputShard> shards, List<int> wanted, CancellationToken cancellationToken)
    {
        var subjects = new Dictionary<int, SubjectFmri>();
        foreach (var shard in shards)
        {
            await foreach (var group in FmriParquet.ReadRowGroupsAsync<FmriRow>(shard.Path, cancellationToken).ConfigureAwait(false))
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

    private static async Task<(TargetShape Shape, Dictionary<string, TrainTargetRow> Rows)> ReadTargetsAsync(IReadOnlyList<InputShard> shards, CancellationToken cancellationToken)
    {
        TargetShape? shape = null;
        var rows = new Dictionary<string, TrainTargetRow>(StringComparer.Ordinal);
        foreach (var shard in shards)
        {
            var s = TargetShape.FromMetadata(shard.Path, shard.Metadata);
            if (shape is not null && s with { TextProjection = shape.TextProjection } != shape)
            {
                throw new InvalidDataException($"{shard.Path}: target shape {s} differs from other shards' {shape}");
            }

            shape ??= s;
            foreach (var row in await ParquetRows.ReadAsync<TrainTargetRow>(shard.Path, cancellationToken).ConfigureAwait(false))
            {
                var tokens = (long)s.Frames * s.Tokens * s.Width * 2;
                if (row.ClipImageTokens.Length != tokens || row.ClipText.Length != s.TextWidth * 2)
                {
                    throw new InvalidDataException($"{shard.Path}: clip {row.ClipId} has {row.ClipImageTokens.Length} token bytes and {row.ClipText.Length} text bytes; the sidecar shape needs {tokens} and {s.TextWidth * 2}");
                }

                rows[row.ClipId] = row;
            }
        }

        return (shape ?? throw new InvalidDataException("train: the targets table has no shards"), rows);
    }

    private static Tensor ReadProjection(string path, TargetShape shape)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"train: text projection file {path} does not exist", path);
        }

        using var reader = new SafeTensorsReader(path);
        var proj = reader.Read("proj");
        if (!proj.shape.SequenceEqual(new long[] { shape.Width, shape.TextWidth }))
        {
            var text = string.Join(", ", proj.shape);
            proj.Dispose();
            throw new InvalidDataException($"{path}: proj is [{text}], the targets need [{shape.Width}, {shape.TextWidth}]");
        }

        return proj;
    }

    private static TrainingData BuildData(SubjectFmri subject, Dictionary<string, TrainTargetRow> targets, TargetShape shape, TrainOptions options)
    {
        var train = Ordered(subject, "train");
        var test = Ordered(subject, "test");
        if (train.Count == 0 || test.Count == 0)
        {
            throw new InvalidDataException($"train: subject {subject.Subject} has {train.Count} training and {test.Count} test clips in the fmri table; both are needed");
        }

        var repeats = train[0].Repeats.Keys.ToList();
        var testRepeats = test[0].Repeats.Keys.ToList();
        foreach (var (id, _, r) in train.Concat(test))
        {
            if (!targets.ContainsKey(id))
            {
                throw new InvalidDataException($"train: clip {id} has fmri rows but no targets row");
            }
        }

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

        var v = subject.Voxels;
        var trainVoxels = repeats.Select(rep => VoxelTensor(train.Select(c => c.Repeats[rep]).ToList(), v)).ToList();
        var frames = new[] { options.FrameEven, options.FrameOdd }.Distinct()
            .ToDictionary(f => f, f => TokenTensor(train.Select(c => targets[c.Id].ClipImageTokens).ToList(), f, shape));
        var trainText = TextTensor(train.Select(c => targets[c.Id].ClipText).ToList(), shape);
        var testVoxels = stack(testRepeats.Select(rep => VoxelTensor(test.Select(c => c.Repeats[rep]).ToList(), v)).ToArray(), 1);
        var testTokens = TokenTensor(test.Select(c => targets[c.Id].ClipImageTokens).ToList(), options.TestFrame, shape);
        var testText = TextTensor(test.Select(c => targets[c.Id].ClipText).ToList(), shape);
        return new TrainingData(trainVoxels, frames, trainText, testVoxels, testTokens, testText);
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

    private static Tensor TokenTensor(List<byte[]> rows, int frame, TargetShape shape)
    {
        var perFrame = shape.Tokens * shape.Width * 2;
        var t = empty(rows.Count, shape.Tokens, shape.Width, dtype: ScalarType.Float16);
        using var buffer = empty(shape.Tokens, shape.Width, dtype: ScalarType.Float16);
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].AsSpan(frame * perFrame, perFrame).CopyTo(buffer.bytes);
            using var row = t[i];
            row.copy_(buffer);
        }

        return t;
    }

    private static Tensor TextTensor(List<byte[]> rows, TargetShape shape)
    {
        var t = empty(rows.Count, shape.TextWidth, dtype: ScalarType.Float16);
        using var buffer = empty(shape.TextWidth, dtype: ScalarType.Float16);
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].AsSpan().CopyTo(buffer.bytes);
            using var row = t[i];
            row.copy_(buffer);
        }

        return t;
    }

    private static string RunKey(StageContext context)
    {
        var text = new StringBuilder(context.Parameters.ToJson().ToJsonString());
        foreach (var shard in context.Input("fmri").Concat(context.Input("targets")).OrderBy(s => s.Path, StringComparer.Ordinal))
        {
            var info = new FileInfo(shard.Path);
            text.Append('|').Append(shard.Path).Append(':').Append(info.Length.ToString(CultureInfo.InvariantCulture))
                .Append(':').Append(info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture));
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..12];
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(path);
        await using var _ = stream.ConfigureAwait(false);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
    }
}
