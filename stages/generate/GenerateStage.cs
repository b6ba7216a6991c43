using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Neurons.Data.Tables;
using Neurons.Engine.Config;
using Neurons.Engine.Stages;
using Neurons.Generation.Output;
using Neurons.Generation.Pipeline;
using Neurons.Generation.Sampling;
using Neurons.Vision.Onnx;

namespace Neurons.Stages.Generate;

/// <summary>
/// The <c>generate</c> stage: for every (clip, subject) row of one test segment's <c>decoded</c> shard, runs the
/// text-to-video pipeline (<see cref="VideoGenerator"/>) and writes the <c>generated</c> table, plus per clip an
/// MP4 and the reference's side-by-side GIF with the ground truth (from <c>clips</c>) in the shard's files
/// folder. Finished clips are kept in a resume cache, so a killed run restarts at the next clip. The ONNX graphs are
/// loaded once per run in <see cref="SetupAsync"/>, shared by the run's test shards and disposed in <see cref="Teardown"/>.
/// </summary>
public sealed partial class GenerateStage : IStage
{
    private const string StageFile = "stages/generate/stage.yaml";
    private VideoModels? models;

    /// <inheritdoc/>
    public string Name => "generate";

    /// <inheritdoc/>
    public IReadOnlyList<ParameterError> ValidateParameters(StageParameters parameters)
    {
        var errors = OptionsValidation.Validate<GenerateOptions>(parameters).ToList();
        var o = parameters.Bind<GenerateOptions>();
        errors.AddRange(Settings(o, throwOnError: false).Problems().Select(p => new ParameterError("(parameters)", p)));
        if (o.BatchSize < 1)
        {
            errors.Add(new ParameterError("batch_size", $"{o.BatchSize} is not a positive batch size"));
        }

        errors.AddRange(OptionsValidation.MissingFiles(
            ("text_encoder_model", o.TextEncoderModel), ("clip_vocab", o.ClipVocab), ("clip_merges", o.ClipMerges),
            ("vae_encoder_model", o.VaeEncoderModel), ("vae_decoder_model", o.VaeDecoderModel),
            ("sparsectrl_model", o.SparsectrlModel), ("unet_model", o.UnetModel)));
        if (o.Keyframe == "unclip")
        {
            errors.AddRange(OptionsValidation.MissingFiles(("unclip_unet_model", o.UnclipUnetModel), ("unclip_vae_decoder_model", o.UnclipVaeDecoderModel)));
        }

        return errors;
    }

    /// <inheritdoc/>
    public Task SetupAsync(StageSetupContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.BindParameters<GenerateOptions>();
        var settings = Settings(options);
        var sessionOptions = new OnnxSessionOptions
        {
            IntraOpThreads = options.OnnxThreads,
            Optimization = options.OnnxOptimization,
            ExecutionProvider = options.ExecutionProvider,
            DeviceId = options.DeviceId,
        };
        models = VideoModels.Load(Paths(options), sessionOptions, settings.Keyframe, settings.Scaling, settings.UnclipScaling);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public void Teardown()
    {
        models?.Dispose();
        models = null;
    }

    /// <inheritdoc/>
    public async Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.BindParameters<GenerateOptions>();
        var settings = Settings(options);
        if (options.BatchSize < 1)
        {
            throw new ConfigException(StageFile, "stages.generate.batch_size", $"{options.BatchSize} is not a positive batch size");
        }

        var paths = Paths(options);
        var decoded = (await ParquetRows.ReadAsync<DecodedClip>(context.SingleInput("decoded").Path, cancellationToken).ConfigureAwait(false))
            .OrderBy(r => r.Subject).ThenBy(r => r.SplitIndex).ToList();
        var truth = (await ParquetRows.ReadAsync<ClipRow>(context.SingleInput("clips").Path, cancellationToken).ConfigureAwait(false))
            .ToDictionary(c => c.ClipId, StringComparer.Ordinal);
        foreach (var row in decoded)
        {
            row.EnsureUsable(settings.Keyframe);
        }

        var models = this.models
            ?? throw new InvalidOperationException("generate: the video models are loaded by SetupAsync, which runs before the first work item (call the stage through StageLifecycle.RunAsync)");
        var generator = new VideoGenerator(models, settings);
        var cache = new ClipCache(Path.Combine(context.CacheDirectory, context.Shard.Name));
        var settingsKey = JsonSerializer.Serialize(settings);
        var modelsKey = ModelIdentity(paths, settings.Keyframe);

        var results = new GeneratedClip?[decoded.Count];
        var seconds = new double[decoded.Count];
        var keys = new string[decoded.Count];
        var seeds = new ulong[decoded.Count];
        var resumed = 0;
        for (var i = 0; i < decoded.Count; i++)
        {
            seeds[i] = GenerationSeed.Of(options.SeedMode, options.Seed, decoded[i].Seed);
            keys[i] = ClipCache.Key(settingsKey, modelsKey, decoded[i], seeds[i], settings.Keyframe == KeyframeMode.Unclip);
            if (cache.TryLoad(keys[i], out var cached, out seconds[i]))
            {
                results[i] = cached;
                resumed++;
            }
        }

        if (resumed > 0)
        {
            LogResumed(context.Logger, context.Shard.Name, resumed, decoded.Count);
        }

        var done = resumed;
        var pending = Enumerable.Range(0, decoded.Count).Where(i => results[i] is null).ToList();
        var generatedSeconds = 0.0;
        foreach (var batch in pending.Chunk(options.BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var watch = Stopwatch.StartNew();
            var clips = generator.Generate([.. batch.Select(i => ClipRequest.FromDecoded(decoded[i].ClipId, decoded[i].Subject, decoded[i].Caption, decoded[i].DecodeBlurryFrames(), decoded[i].Width, decoded[i].DecodeMasks(), decoded[i].MaskSize, decoded[i].KeyframeTokens, seeds[i]))], cancellationToken);
            var each = watch.Elapsed.TotalSeconds / batch.Length;
            generatedSeconds += watch.Elapsed.TotalSeconds;
            for (var k = 0; k < batch.Length; k++)
            {
                results[batch[k]] = clips[k];
                seconds[batch[k]] = each;
                cache.Store(keys[batch[k]], clips[k], each);
            }

            done += batch.Length;
            LogClips(context.Logger, context.Shard.Name, done, decoded.Count, each);
            context.Progress.Report(0.95 * done / Math.Max(1, decoded.Count));
        }

        var output = context.Output("generated");
        var rows = new List<GeneratedRow>(decoded.Count);
        for (var i = 0; i < decoded.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var row = decoded[i];
            var clip = results[i]!;
            var name = string.Create(CultureInfo.InvariantCulture, $"s{row.Subject}_{row.ClipId}");
            string videoFile = string.Empty, gifFile = string.Empty;
            if (options.WriteVideos)
            {
                (videoFile, gifFile) = await GeneratedClipFiles.WriteAsync(output.FilesDirectory, name, clip, truth.GetValueOrDefault(row.ClipId), options.Fps, options.Crf, cancellationToken).ConfigureAwait(false);
            }

            rows.Add(new GeneratedRow
            {
                ClipId = row.ClipId,
                Split = row.Split,
                Segment = row.Segment,
                SplitIndex = row.SplitIndex,
                Subject = row.Subject,
                Seed = unchecked((long)seeds[i]),
                Prompt = clip.Prompt,
                KeyframeMode = options.Keyframe,
                Width = clip.Size,
                Height = clip.Size,
                Frames = TableImages.FromRgbFrames(clip.Frames, clip.Size, clip.Size),
                Keyframe = TableImages.FromRgb(clip.Keyframe, clip.Size, clip.Size),
                VideoFile = videoFile,
                GifFile = gifFile,
                Seconds = seconds[i],
            });
        }

        await ParquetRows.WriteAsync(output.Path, rows, cancellationToken, 64, rows.Count > 0 ? GeneratedRow.Metadata(rows[0].Width, rows[0].Height) : null).ConfigureAwait(false);
        output.Rows = rows.Count;
        output.Metadata["keyframe"] = options.Keyframe;
        output.Metadata["steps"] = settings.Steps;
        output.Metadata["guidance_scale"] = settings.GuidanceScale;
        output.Metadata["guidance_batching"] = options.GuidanceBatching;
        output.Metadata["timesteps"] = string.Join(',', generator.Scheduler.Timesteps);
        output.Metadata["unet_base_channels"] = models.Unet.Dims.Layout.BaseChannels;
        output.Metadata["execution_provider"] = options.ExecutionProvider;
        output.Metadata["generated_clips"] = pending.Count;
        output.Metadata["resumed_clips"] = resumed;
        output.Metadata["seconds_per_clip"] = pending.Count == 0 ? 0 : generatedSeconds / pending.Count;
        context.Progress.Report(1);
    }

    /// <summary>Maps the stage options to the library settings, checking what binding cannot.</summary>
    /// <exception cref="ConfigException">A setting is out of range (unless <paramref name="throwOnError"/> is false).</exception>
    public static VideoGenerationSettings Settings(GenerateOptions options, bool throwOnError = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = new VideoGenerationSettings
        {
            Steps = options.Steps,
            GuidanceScale = (float)options.GuidanceScale,
            Batching = options.GuidanceBatching == "two_passes" ? GuidanceBatching.TwoPasses : GuidanceBatching.OneBatch,
            Size = options.Size,
            PromptSuffix = options.PromptSuffix,
            NegativePrompt = options.NegativePrompt,
            Keyframe = options.Keyframe == "unclip" ? KeyframeMode.Unclip : KeyframeMode.Blurry,
            MaskKeyframe = options.MaskKeyframe,
            UnclipSteps = options.UnclipSteps,
            UnclipGuidanceScale = (float)options.UnclipGuidanceScale,
            UnclipOffsetNoise = options.UnclipOffsetNoise,
            UnclipLatentSize = options.UnclipLatentSize,
        };
        var problems = settings.Problems();
        return problems.Count == 0 || !throwOnError ? settings : throw new ConfigException(StageFile, "stages.generate", string.Join("; ", problems));
    }

    /// <summary>Returns the model files the options name.</summary>
    public static VideoModelPaths Paths(GenerateOptions options) => options is null ? throw new ArgumentNullException(nameof(options)) : new()
    {
        TextEncoder = options.TextEncoderModel,
        Vocab = options.ClipVocab,
        Merges = options.ClipMerges,
        VaeEncoder = options.VaeEncoderModel,
        VaeDecoder = options.VaeDecoderModel,
        SparseCtrl = options.SparsectrlModel,
        Unet = options.UnetModel,
        UnclipUnet = options.UnclipUnetModel,
        UnclipVaeDecoder = options.UnclipVaeDecoderModel,
    };

    private static string ModelIdentity(VideoModelPaths paths, KeyframeMode keyframe)
    {
        IEnumerable<string> files = [paths.TextEncoder, paths.Vocab, paths.Merges, paths.VaeEncoder, paths.VaeDecoder, paths.SparseCtrl, paths.Unet];
        if (keyframe == KeyframeMode.Unclip)
        {
            files = files.Concat([paths.UnclipUnet!, paths.UnclipVaeDecoder!]);
        }

        // Name, size and modification time of each file and of the external-data files beside it (hashing 8 GB per run would cost minutes).
        return string.Join('|', files.Select(f =>
        {
            var info = new FileInfo(f);
            var dataFiles = info.Directory is { Exists: true } dir ? dir.GetFiles(info.Name + "*").Where(d => d.Name != info.Name) : [];
            return string.Join(';', new[] { info }.Concat(dataFiles).Select(x => x.Exists ? $"{x.Name}:{x.Length}:{x.LastWriteTimeUtc.Ticks}" : $"{x.Name}:missing"));
        }));
    }

    [LoggerMessage(EventId = 15001, Level = LogLevel.Information, Message = "generate {Shard}: resuming, {Cached} of {Total} clips already generated")]
    private static partial void LogResumed(ILogger logger, string shard, int cached, int total);

    [LoggerMessage(EventId = 15002, Level = LogLevel.Information, Message = "generate {Shard}: {Done}/{Total} clips ({Seconds:F2} s per clip)")]
    private static partial void LogClips(ILogger logger, string shard, int done, int total, double seconds);
}
