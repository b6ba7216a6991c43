using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Neurons.Data.Imaging;
using Neurons.Data.Tables;
using Neurons.Data.Video;
using Neurons.Engine.Config;
using Neurons.Engine.Stages;
using Neurons.Model.Brain;
using Neurons.Model.Captioning;
using Neurons.Model.Decoupled;
using Neurons.Model.Decoupler;
using Neurons.Model.Inference;
using Neurons.Stages.Train;
using Neurons.Stages.TrainDecoupler;
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
    public async Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.BindParameters(new DecodeOptionsValidator());
        var started = context.Time.GetTimestamp();
        var clips = (await ParquetRows.ReadAsync<ClipRow>(context.SingleInput("clips").Path, cancellationToken).ConfigureAwait(false))
            .OrderBy(c => c.SplitIndex)
            .ToList();
        var (conceptNames, conceptText, textWidth) = await ReadConceptsAsync(context.SingleInput("target_concepts"), cancellationToken).ConfigureAwait(false);
        var training = context.SingleInput("decoupler_training");
        var models = Models(training, options);
        var fmri = await TrainStage.ReadFmriAsync(context.Input("fmri"), [.. models.Keys], cancellationToken).ConfigureAwait(false);
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
            model.to(device);
            batchIndependent &= model.Config.Decoupler.Attention != DecouplerAttention.Reference;
            var tokenizer = Tokenizer(model.Config.CaptionTokenizer, options);
            using var conceptTensor = tensor(conceptText, [conceptNames.Count, textWidth]).to(device);
            var decoder = new DecoupledDecoder(
                model,
                conceptTensor,
                new DecodeSettings { StopId = tokenizer.StopId, MaxCaptionTokens = options.MaxCaptionTokens, PriorPerClip = options.PriorPerClip, LatentSide = clips.Count > 0 ? clips[0].Height / 8 : 28 },
                device,
                context.Time);
            var voxels = SubjectVoxels(fmri[subject], clips, subject, training.Path);
            for (var start = 0; start < clips.Count; start += options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = Enumerable.Range(start, Math.Min(options.BatchSize, clips.Count - start)).ToList();
                var seeds = batch.Select(i => ClipSeed.Of(options.Seed, subject, clips[i].ClipId)).ToList();
                var decoded = decoder.Decode(batch.Select(i => voxels[pairing[i]].Voxels).ToList(), 0, seeds);
                var frames = BlurryFrames(vae, decoded, clips[batch[0]]);
                for (var k = 0; k < batch.Count; k++)
                {
                    var clip = clips[batch[k]];
                    var source = voxels[pairing[batch[k]]];
                    var row = Row(clip, subject, source, decoded[k], frames[k], tokenizer, conceptNames, model.Config);
                    rows.Add(row);
                    if (options.WriteFiles)
                    {
                        await WriteFilesAsync(output.FilesDirectory, row, cancellationToken).ConfigureAwait(false);
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

        await ParquetRows.WriteAsync(output.Path, rows, cancellationToken).ConfigureAwait(false);
        var seconds = context.Time.GetElapsedTime(started).TotalSeconds;
        output.Rows = rows.Count;
        output.Metadata["subjects"] = subjectsMeta;
        output.Metadata["seed"] = options.Seed;
        output.Metadata["prior_steps"] = models.Count == 0 ? 0 : NeuronsDecoupledModel.ReadConfig(training.File(models.First().Value)).Prior.Timesteps;
        output.Metadata["batch_size"] = options.BatchSize;
        output.Metadata["prior_per_clip"] = options.PriorPerClip;
        output.Metadata["batch_independent"] = batchIndependent && options.PriorPerClip;
        output.Metadata["fmri_order"] = options.FmriOrder;
        output.Metadata["max_caption_tokens"] = options.MaxCaptionTokens;
        output.Metadata["vae_decoder"] = new JsonObject { ["file"] = options.VaeDecoder, ["sha256"] = Sha256(options.VaeDecoder) };
        output.Metadata["device"] = device.ToString();
        output.Metadata["seconds"] = seconds;
        output.Metadata["clips_per_second"] = seconds > 0 ? rows.Count / seconds : 0;
        output.Metadata["prior_share"] = seconds > 0 ? priorSeconds / seconds : 0;
        output.Metadata["model_seconds"] = modelSeconds;
    }

    /// <summary>Turns the decoder's latents into RGB frames, laid out as <c>clips.frames</c> (one byte array per clip).</summary>
    internal static List<byte[]> BlurryFrames(VaeDecoder vae, IReadOnlyList<DecodedClip> decoded, ClipRow like)
    {
        var side = decoded[0].LatentSide;
        var latents = decoded.SelectMany(d => d.BlurryLatents).ToArray();
        var (images, height, width) = vae.Decode(latents, decoded.Count * Frames, side, side);
        if (height != like.Height || width != like.Width)
        {
            throw new InvalidDataException($"the VAE decoder turns {side}x{side} latents into {width}x{height} frames, the clips are {like.Width}x{like.Height}");
        }

        var plane = height * width;
        var result = new List<byte[]>(decoded.Count);
        for (var c = 0; c < decoded.Count; c++)
        {
            var bytes = new byte[Frames * plane * 3];
            for (var f = 0; f < Frames; f++)
            {
                var image = ((c * Frames) + f) * 3 * plane;
                for (var p = 0; p < plane; p++)
                {
                    for (var ch = 0; ch < 3; ch++)
                    {
                        bytes[(((f * plane) + p) * 3) + ch] = (byte)Math.Round(images[image + (ch * plane) + p] * 255f, MidpointRounding.AwayFromZero);
                    }
                }
            }

            result.Add(bytes);
        }

        return result;
    }

    private static DecodedRow Row(ClipRow clip, int subject, (string ClipId, int Repeats, float[] Voxels) source, DecodedClip d, byte[] frames, ICaptionTokenizer tokenizer, IReadOnlyList<string> names, DecoupledModelConfig config) => new()
    {
        ClipId = clip.ClipId,
        Split = clip.Split,
        Segment = clip.Segment,
        SplitIndex = clip.SplitIndex,
        Subject = subject,
        FmriClipId = source.ClipId,
        Repeats = source.Repeats,
        Seed = d.Seed,
        Caption = tokenizer.Decode(d.CaptionIds).Trim(),
        ConceptScores = [.. d.ConceptScores],
        PresentConcepts = [.. d.ConceptScores.Select((s, i) => (s, i)).Where(p => p.s > 0.5f).Select(p => names[p.i])],
        TopConcept = names[d.TopConcept],
        MaskSize = d.MaskSize,
        Masks = d.Masks,
        Width = clip.Width,
        Height = clip.Height,
        BlurryFrames = frames,
        LatentSide = d.LatentSide,
        BlurryLatents = MemoryMarshal.AsBytes(d.BlurryLatents.AsSpan()).ToArray(),
        TokenCount = config.Prior.Tokens,
        TokenWidth = config.Prior.Dim,
        KeyframeWeights = [.. d.KeyframeWeights],
        KeyframeTokens = TargetFloat16.Pack(d.KeyframeTokens),
    };

    private static async Task WriteFilesAsync(string directory, DecodedRow row, CancellationToken cancellationToken)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"s{row.Subject}_{row.ClipId}");
        var plane = row.Width * row.Height * 3;
        var frames = Enumerable.Range(0, Frames).Select(f => row.BlurryFrames.AsSpan(f * plane, plane).ToArray()).ToList();
        var maskPlane = row.MaskSize * row.MaskSize;
        for (var f = 0; f < Frames; f++)
        {
            await File.WriteAllBytesAsync(Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"{prefix}_blurry_f{f}.png")), PngEncoder.Encode(row.Width, row.Height, 3, frames[f]), cancellationToken).ConfigureAwait(false);
            var mask = row.Masks.AsSpan(f * maskPlane, maskPlane).ToArray().Select(v => v != 0 ? (byte)255 : (byte)0).ToArray();
            await File.WriteAllBytesAsync(Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"{prefix}_mask_f{f}.png")), PngEncoder.Encode(row.MaskSize, row.MaskSize, 1, mask), cancellationToken).ConfigureAwait(false);
        }

        await Mp4Encoder.EncodeAsync(Path.Combine(directory, $"{prefix}_blurry.mp4"), frames, row.Width, row.Height, 3, 18, cancellationToken).ConfigureAwait(false);
    }

    private static Dictionary<int, string> Models(InputShard training, DecodeOptions options)
    {
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

    internal static List<(string ClipId, int Repeats, float[] Voxels)> SubjectVoxels(SubjectFmri fmri, List<ClipRow> clips, int subject, string where)
    {
        var split = clips.Count > 0 ? clips[0].Split : "test";
        if (!fmri.Clips.TryGetValue(split, out var byClip))
        {
            throw new InvalidDataException($"fmri: subject {subject} has no {split} rows for the clips decoded with {where}");
        }

        var result = new List<(string, int, float[])>(clips.Count);
        foreach (var clip in clips)
        {
            if (!byClip.TryGetValue(clip.ClipId, out var entry))
            {
                throw new InvalidDataException($"fmri: subject {subject} has no rows for clip {clip.ClipId}");
            }

            var mean = new float[fmri.Voxels];
            foreach (var repeat in entry.Repeats.Values)
            {
                for (var v = 0; v < mean.Length; v++)
                {
                    mean[v] += repeat[v];
                }
            }

            for (var v = 0; v < mean.Length; v++)
            {
                mean[v] /= entry.Repeats.Count;
            }

            result.Add((clip.ClipId, entry.Repeats.Count, mean));
        }

        return result;
    }

    internal static async Task<(List<string> Names, float[] Text, int Width)> ReadConceptsAsync(InputShard shard, CancellationToken cancellationToken)
    {
        var rows = (await ParquetRows.ReadAsync<TargetConceptRow>(shard.Path, cancellationToken).ConfigureAwait(false)).OrderBy(r => r.Index).ToList();
        if (rows.Count == 0 || rows.Select((r, i) => r.Index != i).Any(b => b))
        {
            throw new InvalidDataException($"{shard.Path}: target_concepts must hold rows 0..{rows.Count - 1} in order, one per concept");
        }

        var width = rows[0].TextWidth;
        var text = rows.SelectMany(r => TargetFloat16.Unpack(r.ClipText)).ToArray();
        if (text.Length != rows.Count * width)
        {
            throw new InvalidDataException($"{shard.Path}: every clip_text must hold text_width = {width} values");
        }

        return ([.. rows.Select(r => r.Concept.Replace('_', ' '))], text, width);
    }

    private static ICaptionTokenizer Tokenizer(CaptionTokenizerKind kind, DecodeOptions options)
    {
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

    private static VaeDecoder LoadVae(DecodeOptions options)
    {
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

    private static Device ResolveDevice(string name) => name switch
    {
        "cpu" => CPU,
        "cuda" when !cuda.is_available() => throw new ConfigException(StageFile, "stages.decode.device", "cuda was asked for but no CUDA device is available (build with -p:Accelerator=cuda on a GPU machine)"),
        "cuda" => CUDA,
        _ => cuda.is_available() ? CUDA : CPU,
    };
}
