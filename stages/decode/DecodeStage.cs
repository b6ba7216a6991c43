using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Neurons.Data.Fmri;
using Neurons.Data.Tables;
using Neurons.Engine.Config;
using Neurons.Engine.Stages;
using Neurons.Model.Brain;
using Neurons.Model.Captioning;
using Neurons.Model.Decoupled;
using Neurons.Model.Decoupler;
using Neurons.Model.Inference;
using Neurons.Stages.Shared;
using Neurons.Vision.Clip;
using Neurons.Vision.Onnx;
using Neurons.Vision.Vae;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Stages.Decode;

/// <summary>
/// The <c>decode</c> stage (one work item per test segment): for every subject with a trained stage-2 model
/// (<c>decoupler_training</c>), every clip of the segment is decoded from the subject's fMRI averaged over its
/// repeats by <see cref="DecoupledDecoder"/>; its blurry latents go through the SD VAE decoder; the rows go to
/// the <c>decoded</c> table and, per clip, PNG frames and masks and an MP4 to the shard's files folder
/// (<c>docs/tables/decoded.md</c>).
/// </summary>
public sealed class DecodeStage : IStage
{
    private const string StageFile = "stages/decode/stage.yaml";
    private const int Frames = ClipRow.FrameCount;

    /// <inheritdoc/>
    public string Name => "decode";

    /// <inheritdoc/>
    public IReadOnlyList<ParameterError> ValidateParameters(StageParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return [.. OptionsValidation.Validate<DecodeOptions>(parameters), .. OptionsValidation.MissingFiles(("vae_decoder", parameters.Bind<DecodeOptions>().VaeDecoder))];
    }

    /// <inheritdoc/>
    public async Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.BindParameters<DecodeOptions>();
        var started = context.Time.GetTimestamp();
        var clips = (await ParquetRows.ReadAsync<ClipRow>(context.SingleInput("clips").Path, cancellationToken).ConfigureAwait(false))
            .OrderBy(c => c.SplitIndex)
            .ToList();
        var concepts = await ConceptTexts.ReadAsync(context.SingleInput("target_concepts").Path, cancellationToken).ConfigureAwait(false);
        var training = context.SingleInput("decoupler_training");
        var models = Models(training, options);
        var fmri = await SubjectFmri.ReadAsync(context.Input("fmri").Select(s => s.Path), [.. models.Keys], cancellationToken).ConfigureAwait(false);
        var pairing = FmriPairing.Of(clips.Count, options.FmriOrder, options.Seed);
        if (options.Threads > 0)
        {
            set_num_threads(options.Threads);
        }

        var device = ResolveDevice(options.Device);
        using var vae = LoadVae(options);
        var output = context.Output("decoded");
        var rows = new List<DecodedRow>();
        var subjectsMeta = new JsonArray();
        double priorSeconds = 0, modelSeconds = 0;
        var batchIndependent = true;
        var done = 0;
        var total = Math.Max(1, clips.Count * models.Count);
        foreach (var (subject, modelFile) in models.OrderBy(m => m.Key))
        {
            var path = training.File(modelFile);
            using var random = new RandomSource(options.Seed);
            using var model = NeuronsDecoupledModel.Load(path, random);
            if (options.WeightsFrom.Length > 0)
            {
                Neurons.Model.Checkpoints.ReferenceCheckpoint.Load(model, Neurons.Model.Checkpoints.ReferenceKeyMap.Decoupled, options.WeightsFrom, Neurons.Model.Checkpoints.ReferenceLoadOptions.Complete, logger: context.Logger);
            }

            model.to(device);
            batchIndependent &= model.Config.Decoupler.Attention != DecouplerAttention.Reference;
            var tokenizer = Tokenizer(model.Config.CaptionTokenizer, options);
            using var conceptTensor = tensor(concepts.Text, [concepts.Names.Count, concepts.Width]).to(device);
            var decoder = new DecoupledDecoder(
                model,
                conceptTensor,
                new DecodeSettings { StopId = tokenizer.StopId, MaxCaptionTokens = options.MaxCaptionTokens, PerClip = options.PerClip, LatentSide = clips.Count > 0 ? clips[0].Height / 8 : 28 },
                device,
                context.Time);
            var voxels = ClipVoxels.Averaged(fmri[subject], clips, subject, training.Path);
            for (var start = 0; start < clips.Count; start += options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = Enumerable.Range(start, Math.Min(options.BatchSize, clips.Count - start)).ToList();
                var seeds = batch.Select(i => ClipSeed.Of(options.Seed, subject, clips[i].ClipId)).ToList();
                var decoded = decoder.Decode(batch.Select(i => voxels[pairing[i]].Voxels).ToList(), 0, seeds);
                var frames = options.PerClip
                    ? decoded.SelectMany(d => BlurryFrames(vae, [d], clips[batch[0]])).ToList()
                    : BlurryFrames(vae, decoded, clips[batch[0]]);
                for (var k = 0; k < batch.Count; k++)
                {
                    var clip = clips[batch[k]];
                    var source = voxels[pairing[batch[k]]];
                    var row = DecodedRows.Create(clip, subject, source.ClipId, source.Repeats, decoded[k], frames[k], tokenizer, concepts.Names, model.Config);
                    rows.Add(row);
                    if (options.WriteFiles)
                    {
                        await DecodedClipFiles.WriteAsync(output.FilesDirectory, row, cancellationToken).ConfigureAwait(false);
                    }
                }

                done += batch.Count;
                context.Progress.Report((double)done / total);
            }

            priorSeconds += decoder.PriorSeconds;
            modelSeconds += decoder.TotalSeconds;
            subjectsMeta.Add(new JsonObject
            {
                ["subject"] = subject,
                ["model"] = Path.GetRelativePath(context.WorkspaceRoot, path),
                ["model_sha256"] = Sha256(path),
                ["clips"] = clips.Count,
            });
        }

        var metadata = rows.Count > 0 ? DecodedRow.Metadata(rows[0].MaskSize, rows[0].Width, rows[0].Height, rows[0].LatentSide, rows[0].TokenCount, rows[0].TokenWidth, rows[0].ConceptScores.Count) : null;
        await ParquetRows.WriteAsync(output.Path, rows, cancellationToken, metadata: metadata).ConfigureAwait(false);
        var seconds = context.Time.GetElapsedTime(started).TotalSeconds;
        output.Rows = rows.Count;
        output.Metadata["subjects"] = subjectsMeta;
        output.Metadata["seed"] = options.Seed;
        output.Metadata["prior_steps"] = models.Count == 0 ? 0 : NeuronsDecoupledModel.ReadConfig(training.File(models.First().Value)).Prior.Timesteps;
        output.Metadata["batch_size"] = options.BatchSize;
        output.Metadata["per_clip"] = options.PerClip;
        output.Metadata["batch_independent"] = batchIndependent && options.PerClip;
        output.Metadata["fmri_order"] = options.FmriOrder;
        output.Metadata["max_caption_tokens"] = options.MaxCaptionTokens;
        output.Metadata["vae_decoder"] = new JsonObject { ["file"] = options.VaeDecoder, ["sha256"] = Sha256(options.VaeDecoder) };
        output.Metadata["device"] = device.ToString();
        output.Metadata["seconds"] = seconds;
        output.Metadata["clips_per_second"] = seconds > 0 ? rows.Count / seconds : 0;
        output.Metadata["prior_share"] = seconds > 0 ? priorSeconds / seconds : 0;
        output.Metadata["model_seconds"] = modelSeconds;
    }

    /// <summary>Turns the decoder's latents into RGB frames through the VAE decoder, laid out as <c>clips.frames</c> (one byte array per clip).</summary>
    /// <exception cref="InvalidDataException">The decoder's frame size differs from the clips'.</exception>
    public static List<byte[]> BlurryFrames(VaeDecoder vae, IReadOnlyList<DecodedClip> decoded, ClipRow like)
    {
        ArgumentNullException.ThrowIfNull(vae);
        ArgumentNullException.ThrowIfNull(decoded);
        ArgumentNullException.ThrowIfNull(like);
        var side = decoded[0].LatentSide;
        var latents = decoded.SelectMany(d => d.BlurryLatents).ToArray();
        var (images, height, width) = vae.Decode(latents, decoded.Count * Frames, side, side);
        if (height != like.Height || width != like.Width)
        {
            throw new InvalidDataException($"the VAE decoder turns {side}x{side} latents into {width}x{height} frames, the clips are {like.Width}x{like.Height}");
        }

        return BlurryFramePixels.FromImages(images, decoded.Count, height, width);
    }

    /// <summary>Returns, per subject the options select, the model file of the <c>decoupler_training</c> shard (relative to its files folder).</summary>
    /// <exception cref="InvalidDataException">The sidecar lists no models or a malformed entry.</exception>
    /// <exception cref="ConfigException">A subject of the options has no trained model.</exception>
    public static Dictionary<int, string> Models(InputShard training, DecodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(options);
        if (training.Metadata["models"] is not JsonObject models || models.Count == 0)
        {
            throw new InvalidDataException($"{training.Path}: the decoupler_training sidecar lists no models (metadata.models); run train_decoupler first");
        }

        var result = new Dictionary<int, string>();
        foreach (var (key, value) in models)
        {
            if (!key.StartsWith("subject", StringComparison.Ordinal) || !int.TryParse(key.AsSpan("subject".Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var subject))
            {
                throw new InvalidDataException($"{training.Path}: metadata.models key '{key}' is not subject<N>");
            }

            result[subject] = (string?)value?["model"] ?? throw new InvalidDataException($"{training.Path}: metadata.models.{key} has no 'model' file");
        }

        if (options.Subjects.Count == 0)
        {
            return result;
        }

        var wanted = new Dictionary<int, string>();
        foreach (var text in options.Subjects)
        {
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) || !result.TryGetValue(s, out var file))
            {
                throw new ConfigException(StageFile, "stages.decode.subjects", $"'{text}' is not a subject with a trained model (models: {string.Join(", ", result.Keys.Order())})");
            }

            wanted[s] = file;
        }

        return wanted;
    }

    /// <summary>Returns the caption tokenizer a model was trained with (GPT-2 BPE, or CLIP BPE from the options' files).</summary>
    /// <exception cref="ConfigException">The CLIP BPE files are needed and missing.</exception>
    public static ICaptionTokenizer Tokenizer(CaptionTokenizerKind kind, DecodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (kind == CaptionTokenizerKind.Gpt2)
        {
            return new Gpt2CaptionTokenizer();
        }

        if (!File.Exists(options.ClipVocab) || !File.Exists(options.ClipMerges))
        {
            throw new ConfigException(StageFile, "stages.decode.clip_vocab/clip_merges", $"the model predicts CLIP BPE ids; {options.ClipVocab} and {options.ClipMerges} must exist");
        }

        return new ClipCaptionTokenizer(ClipTokenizer.Load(options.ClipVocab, options.ClipMerges));
    }

    /// <summary>Loads the VAE decoder the options name.</summary>
    /// <exception cref="ConfigException">The file does not exist.</exception>
    public static VaeDecoder LoadVae(DecodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(options.VaeDecoder))
        {
            throw new ConfigException(StageFile, "stages.decode.vae_decoder", $"{options.VaeDecoder} does not exist");
        }

        return VaeDecoder.Load(options.VaeDecoder, new OnnxSessionOptions { IntraOpThreads = options.OnnxThreads, ExecutionProvider = options.ExecutionProvider }, (float)options.VaeScaling);
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Returns the model device of the <c>device</c> parameter (auto: CUDA when present).</summary>
    /// <exception cref="ConfigException">CUDA was asked for and is not available.</exception>
    public static Device ResolveDevice(string name) => name switch
    {
        "cpu" => CPU,
        "cuda" when !cuda.is_available() => throw new ConfigException(StageFile, "stages.decode.device", "cuda was asked for but no CUDA device is available (build with -p:Accelerator=cuda on a GPU machine)"),
        "cuda" => CUDA,
        _ => cuda.is_available() ? CUDA : CPU,
    };
}
