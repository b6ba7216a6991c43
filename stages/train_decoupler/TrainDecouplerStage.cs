using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Neurons.Data.Fmri;
using Neurons.Data.Tables;
using Neurons.Engine.Config;
using Neurons.Engine.Stages;
using Neurons.Model.Brain;
using Neurons.Model.Captioning;
using Neurons.Model.Checkpoints;
using Neurons.Model.Datasets;
using Neurons.Model.Decoupled;
using Neurons.Model.Decoupler;
using Neurons.Model.IO;
using Neurons.Model.Training;
using Neurons.Stages.Shared;
using Neurons.Vision.Clip;
using static TorchSharp.torch;

namespace Neurons.Stages.TrainDecoupler;

/// <summary>
/// The <c>train_decoupler</c> stage (global, after <c>train</c>): for every subject with a stage-1 brain export, trains
/// NEURONS stage 2 with <see cref="Stage2Trainer"/> (resuming from the checkpoints under
/// <c>&lt;workspace&gt;/.cache/train_decoupler/</c> after any crash), writes the per-epoch history with the named
/// baselines as the <c>decoupler_training</c> table and commits each subject's model (weights + configuration JSON)
/// with the table through the engine's files folder: <c>decoupler_training/all.files/subject&lt;s&gt;/</c>.
/// </summary>
public sealed class TrainDecouplerStage : IStage
{
    /// <summary>The committed model file of a subject, relative to the shard's files folder.</summary>
    public const string ModelFile = "subject{0}/decoupled_model.safetensors";

    /// <summary>The committed configuration JSON of a subject's model, relative to the shard's files folder.</summary>
    public const string ConfigFile = "subject{0}/config.json";

    private const string StageFile = "stages/train_decoupler/stage.yaml";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <inheritdoc/>
    public string Name => "train_decoupler";

    /// <inheritdoc/>
    public IReadOnlyList<ParameterError> ValidateParameters(StageParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var o = parameters.Bind<TrainDecouplerOptions>();
        return
        [
            .. OptionsValidation.Validate<TrainDecouplerOptions>(parameters),
            .. OptionsValidation.Validate<Stage2Options>(parameters),
            .. OptionsValidation.MissingFiles(("gpt2_weights", o.Gpt2Weights), ("clip_vocab", o.ClipVocab), ("clip_merges", o.ClipMerges), ("init_from", parameters.Bind<Stage2Options>().InitFrom)),
        ];
    }

    /// <inheritdoc/>
    public async Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.BindParameters<TrainDecouplerOptions>();
        var trainerOptions = context.BindParameters<Stage2Options>();
        var tokenizer = Tokenizer(options);
        var tokenizerKind = options.CaptionTokenizer == "reference" ? CaptionTokenizerKind.Reference : CaptionTokenizerKind.Gpt2;
        var attention = options.Attention switch
        {
            "reference" => DecouplerAttention.Reference,
            "per_clip" => DecouplerAttention.PerClip,
            _ => DecouplerAttention.PerClipResidual,
        };
        if (options.Gpt2Weights.Length > 0 && !File.Exists(options.Gpt2Weights))
        {
            throw new ConfigException(StageFile, "stages.train_decoupler.gpt2_weights", $"{options.Gpt2Weights} does not exist");
        }

        var training = context.SingleInput("training");
        var brains = BrainModels(context, training, options.Subjects);
        var fmri = await SubjectFmri.ReadAsync(context.Input("fmri").Select(f => f.Path), [.. brains.Keys], cancellationToken).ConfigureAwait(false);
        var device = ResolveDevice(options.Device);
        // Operational parameters are not in the fingerprint, so changing threads or keep_last keeps a run's checkpoints.
        var runKey = context.Fingerprint.Length >= 12
            ? context.Fingerprint[..12]
            : throw new InvalidOperationException("train_decoupler: the engine passed no work-item fingerprint to key the checkpoints by");
        var output = context.Output("decoupler_training");
        var rows = new List<DecouplerTrainingRow>();
        var models = new JsonObject();
        var subjects = brains.Keys.Order().ToList();
        for (var i = 0; i < subjects.Count; i++)
        {
            var s = subjects[i];
            var brainPath = brains[s];
            var brainConfig = ReadBrainConfig(brainPath);
            var config = (options.Config == "tiny"
                ? DecoupledModelConfig.Tiny(brainConfig, tokenizerKind, attention, options.CaptionLength)
                : DecoupledModelConfig.Paper(brainConfig, tokenizerKind, attention)) with { CaptionLength = options.CaptionLength };
            var (train, test) = await DecouplerData.ReadAsync(
                fmri[s], Paths(context, "targets"), Paths(context, "keyobjects"), Paths(context, "concepts"), tokenizer, options.CaptionLength,
                config.Decoupler.Frames, config.Decoupler.OutputSide, config.Decoupler.Concepts, cancellationToken).ConfigureAwait(false);
            using (train)
            using (test)
            {
                var store = new CheckpointStore(Path.Combine(context.CacheDirectory, $"subject{s}-{runKey}"), trainerOptions.KeepLast);
                var baseProgress = (double)i / subjects.Count;
                var progress = new Progress<double>(f => context.Progress.Report(baseProgress + (f / subjects.Count)));
                var trainer = new Stage2Trainer(trainerOptions, context.Logger, context.Time);
                Action<NeuronsDecoupledModel>? initialize = options.Gpt2Weights.Length > 0 ? m => Gpt2Weights.LoadHuggingFace(m.Captioner.Gpt, options.Gpt2Weights) : null;
                var result = await Task.Run(
                    () => trainer.Train(config, s, 0, brainPath, train, test, tokenizer.PadId, store, device, progress, initialize: initialize, cancellationToken: cancellationToken),
                    cancellationToken).ConfigureAwait(false);
                using (result.Model)
                {
                    rows.AddRange(result.History);
                    var modelFile = string.Format(CultureInfo.InvariantCulture, ModelFile, s);
                    var configFile = string.Format(CultureInfo.InvariantCulture, ConfigFile, s);
                    var modelPath = Path.Combine(output.FilesDirectory, modelFile);
                    var bestRow = result.History.Where(r => r.IsBest).Last();
                    var lastRow = result.History[^1];
                    Stage2Trainer.ExportModel(result.Model, modelPath, s, bestRow.Epoch);
                    await File.WriteAllTextAsync(Path.Combine(output.FilesDirectory, configFile), JsonSerializer.Serialize(config, Indented), cancellationToken).ConfigureAwait(false);
                    models[$"subject{s}"] = new JsonObject
                    {
                        ["model"] = modelFile,
                        ["config_file"] = configFile,
                        ["config"] = JsonSerializer.SerializeToNode(config),
                        ["brain_model"] = Path.GetRelativePath(context.WorkspaceRoot, brainPath),
                        ["parameters"] = config.ParameterCount(),
                        ["trainable_parameters"] = config.ParameterCount(trainableOnly: true),
                        ["weights"] = "last",
                        ["best_epoch"] = bestRow.Epoch,
                        ["best_selection"] = bestRow.Selection,
                        ["train_clips"] = train.Count,
                        ["test_clips"] = test.Count,
                        ["eval_path"] = lastRow.EvalPath,
                        ["margins"] = Margins(lastRow),
                        ["checkpoints"] = Path.GetRelativePath(context.WorkspaceRoot, store.Directory),
                    };
                }
            }
        }

        await ParquetRows.WriteAsync(output.Path, rows, cancellationToken).ConfigureAwait(false);
        output.Rows = rows.Count;
        output.Metadata["models"] = models;
        output.Metadata["device"] = device.ToString();
        output.Metadata["caption_tokenizer"] = options.CaptionTokenizer;
    }

    /// <summary>The last epoch's margin over each named baseline (positive = the model is better).</summary>
    internal static JsonObject Margins(DecouplerTrainingRow row) => new()
    {
        ["concept_map"] = row.TestConceptMap - row.BaselineConceptMap,
        ["mask_dice"] = row.TestMaskDice - row.BaselineMaskDice,
        ["caption_accuracy"] = row.TestCaptionAccuracy - row.BaselineCaptionAccuracy,
        ["latent_l1"] = row.BaselineLatentL1 - row.TestLatentL1,
        ["prior_cosine"] = row.TestPriorCosine - row.BaselinePriorCosine,
    };

    private static List<string> Paths(StageContext context, string table) => [.. context.Input(table).Select(s => s.Path)];

    private static ICaptionTokenizer Tokenizer(TrainDecouplerOptions o)
    {
        if (o.CaptionTokenizer != "reference")
        {
            return new Gpt2CaptionTokenizer();
        }

        foreach (var (key, path) in new[] { ("clip_vocab", o.ClipVocab), ("clip_merges", o.ClipMerges) })
        {
            if (path.Length == 0 || !File.Exists(path))
            {
                throw new ConfigException(StageFile, $"stages.train_decoupler.{key}", path.Length == 0 ? "caption_tokenizer reference needs the CLIP file (the targets stage's)" : $"{path} does not exist");
            }
        }

        return new ClipCaptionTokenizer(ClipTokenizer.Load(o.ClipVocab, o.ClipMerges));
    }

    private static Dictionary<int, string> BrainModels(StageContext context, InputShard training, List<int> wanted)
    {
        if (training.Metadata["models"] is not JsonObject models || models.Count == 0)
        {
            throw new InvalidDataException($"train_decoupler: the training table's sidecar lists no exported brain models ({training.Path})");
        }

        var found = new Dictionary<int, string>();
        foreach (var (key, value) in models)
        {
            if (!key.StartsWith("subject", StringComparison.Ordinal) || !int.TryParse(key["subject".Length..], CultureInfo.InvariantCulture, out var subject) || value?["model"] is not JsonValue model)
            {
                continue;
            }

            if (wanted.Count > 0 && !wanted.Contains(subject))
            {
                continue;
            }

            var relative = model.GetValue<string>();
            var committed = $"subject{subject}/brain_model.safetensors";
            var path = training.Files.Contains(committed, StringComparer.Ordinal) ? training.File(committed) : Path.GetFullPath(relative, context.WorkspaceRoot);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"train_decoupler: subject {subject}'s stage-1 model {path} is missing; rerun the train stage (pipeline run --force train)", path);
            }

            found[subject] = path;
        }

        var missing = wanted.Where(w => !found.ContainsKey(w)).ToList();
        if (missing.Count > 0 || found.Count == 0)
        {
            throw new InvalidDataException($"train_decoupler: no stage-1 model for subject(s) [{string.Join(", ", missing)}]; the training table has [{string.Join(", ", models.Select(m => m.Key))}]");
        }

        return found;
    }

    private static BrainModelConfig ReadBrainConfig(string path)
    {
        using var reader = new SafeTensorsReader(path);
        return reader.Metadata.TryGetValue("neurons.config", out var json) && JsonSerializer.Deserialize<BrainModelConfig>(json) is { } config
            ? config
            : throw new InvalidDataException($"{path}: no neurons.config metadata (not a stage-1 brain export)");
    }

    private static Device ResolveDevice(string name) => name switch
    {
        "cpu" => CPU,
        "cuda" when !cuda.is_available() => throw new InvalidOperationException("train_decoupler: device cuda was asked for but no CUDA device is available (build with -p:Accelerator=cuda on a GPU machine)"),
        "cuda" => CUDA,
        _ => cuda.is_available() ? CUDA : CPU,
    };
}
