using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Neurons.Data.Tables;
using Neurons.Engine.Config;
using Neurons.Engine.Stages;
using Neurons.Files;
using Neurons.Vision.Clip;
using Neurons.Vision.Imaging;
using Neurons.Vision.Onnx;
using Neurons.Vision.Targets;

namespace Neurons.Stages.Targets;

/// <summary>
/// The <c>targets</c> stage: per clip, CLIP image tokens of the configured frames, the pooled CLIP text of the
/// caption and of the key object, and the VAE posterior means of the six frames, as float lists at float16 precision
/// (the concept names' texts are the <c>concept_text</c> stage's). Before encoding the shard it logs the disk the
/// table will take (measured on a Parquet probe of the first clips) and refuses to start when the workspace disk cannot hold the shards still to build
/// (unless <c>force_disk</c>). The encoders are loaded once per run in <see cref="SetupAsync"/>, shared by its work
/// items and disposed in <see cref="Teardown"/>.
/// </summary>
public sealed partial class TargetsStage : IStage
{
    private const string StageFile = "stages/targets/stage.yaml";
    private const int ProbeClips = 4;
    private TargetEncoders? encoders;

    /// <inheritdoc/>
    public string Name => "targets";

    /// <inheritdoc/>
    public IReadOnlyList<ParameterError> ValidateParameters(StageParameters parameters)
    {
        var errors = OptionsValidation.Validate<TargetsOptions>(parameters).ToList();
        var o = parameters.Bind<TargetsOptions>();
        errors.AddRange(OptionsValidation.MissingFiles(
            ("clip_image_model", o.ClipImageModel), ("clip_text_model", o.ClipTextModel), ("clip_vocab", o.ClipVocab),
            ("clip_merges", o.ClipMerges), ("vae_encoder", o.VaeEncoder)));
        return errors;
    }

    /// <summary>Gets or sets the free-space probe (tests replace it); returns the bytes available at a path.</summary>
    internal Func<string, long> FreeSpace { get; set; } = path => new DriveInfo(Path.GetFullPath(path)).AvailableFreeSpace;

    /// <inheritdoc/>
    public async Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.BindParameters<TargetsOptions>();
        var frames = ParseFrames(options.Frames);
        if (options.BatchSize < 1)
        {
            throw new ConfigException(StageFile, "stages.targets.batch_size", $"{options.BatchSize} is not a positive batch size");
        }

        var clips = await ParquetRows.ReadAsync<ClipRow>(context.SingleInput("clips").Path, cancellationToken).ConfigureAwait(false);
        var annotations = await ParquetRows.ReadAsync<AnnotationRow>(context.SingleInput("annotations").Path, cancellationToken).ConfigureAwait(false);
        var keyObjects = await ParquetRows.ReadAsync<KeyObjectRow>(context.SingleInput("keyobjects").Path, cancellationToken).ConfigureAwait(false);
        var captions = Captions(annotations);
        var keys = keyObjects.GroupBy(k => k.ClipId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().KeyObject, StringComparer.Ordinal);
        var models = encoders
            ?? throw new InvalidOperationException("targets: the encoders are loaded by SetupAsync, which runs before the first work item (call the stage through StageLifecycle.RunAsync)");

        var output = context.Output("targets");
        var probe = new List<TargetRow>();
        for (var i = 0; i < Math.Min(ProbeClips, clips.Count); i++)
        {
            probe.Add(Build(models, clips[i], frames, options.BatchSize, captions, keys));
        }

        var built = probe.Count > 0 ? probe[0] : null;
        if (built is not null)
        {
            var upperBound = new TargetSizeEstimate(frames.Count, built.ImageTokens, built.ImageWidth, built.TextWidth, built.VaeLatents.Count);
            var measured = await MeasureAsync(context, probe, clips.Count, cancellationToken).ConfigureAwait(false);
            CheckDisk(context, options, upperBound, measured, clips.Count, output);
        }

        IEnumerable<TargetRow> Rows()
        {
            for (var i = 0; i < clips.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return i < probe.Count ? probe[i] : Build(models, clips[i], frames, options.BatchSize, captions, keys);
                context.Progress.Report((i + 1.0) / clips.Count);
            }
        }

        var groupSize = built is null ? 64 : (int)Math.Clamp((64L << 20) / Math.Max(1, 4L * (built.ClipImageTokens.Count + built.VaeLatents.Count)), 1, 1024);
        var metadata = built is null ? null : TargetRow.Metadata(frames.Count, built.ImageTokens, built.ImageWidth, built.TextWidth, (built.LatentChannels, built.LatentHeight, built.LatentWidth));
        await ParquetRows.WriteAsync(output.Path, Rows(), cancellationToken, groupSize, metadata).ConfigureAwait(false);
        output.Rows = clips.Count;
        output.Metadata["bytes"] = new FileInfo(output.Path).Length;
        if (built is not null)
        {
            output.Metadata["image_tokens"] = built.ImageTokens;
            output.Metadata["image_width"] = built.ImageWidth;
            output.Metadata["text_width"] = built.TextWidth;
            output.Metadata["latent_shape"] = $"{ClipRow.FrameCount}x{built.LatentChannels}x{built.LatentHeight}x{built.LatentWidth}";
        }

    }

    /// <inheritdoc/>
    public Task SetupAsync(StageSetupContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        encoders = LoadEncoders(context.BindParameters<TargetsOptions>());
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public void Teardown()
    {
        encoders?.Dispose();
        encoders = null;
    }

    /// <summary>The caption of each clip: its <c>ok</c> annotation row closest to key frame 2.</summary>
    internal static Dictionary<string, string> Captions(IEnumerable<AnnotationRow> annotations) =>
        annotations
            .Where(a => a.Status == "ok" && a.Caption.Length > 0)
            .GroupBy(a => a.ClipId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(a => Math.Abs(a.Frame - 2)).ThenBy(a => a.Frame).First().Caption, StringComparer.Ordinal);

    /// <summary>Loads the encoders the options name (files, graph names, ONNX Runtime session).</summary>
    internal static TargetEncoders LoadEncoders(TargetsOptions o) => TargetEncoders.Load(
        new TargetEncoderFiles(
            o.ClipImageModel,
            new ClipImageOptions { InputName = o.ClipImageInput, TokensOutput = o.ClipImageOutput, UnitRangeShift = o.UnitRangeShift },
            o.ClipTextModel,
            o.ClipTextOutput,
            o.ClipVocab,
            o.ClipMerges,
            o.VaeEncoder,
            (float)o.VaeScaling),
        new OnnxSessionOptions { IntraOpThreads = o.OnnxThreads, Optimization = o.OnnxOptimization, ExecutionProvider = o.ExecutionProvider, DeviceId = o.DeviceId });

    internal static TargetRow Build(TargetEncoders models, ClipRow clip, IReadOnlyList<int> frames, int batchSize, Dictionary<string, string> captions, Dictionary<string, string> keys)
    {
        var rgb = clip.DecodeFrames();
        var images = Enumerable.Range(0, ClipRow.FrameCount).Select(f => RgbImage.FromFrames(rgb, f, clip.Width, clip.Height)).ToList();
        var caption = captions.GetValueOrDefault(clip.ClipId, string.Empty);
        var key = keys.GetValueOrDefault(clip.ClipId, string.Empty);
        if (key is "None" or "none")
        {
            key = string.Empty;
        }

        var t = models.Encode(images, frames, batchSize, caption, key);
        return new TargetRow
        {
            ClipId = clip.ClipId,
            Split = clip.Split,
            SplitIndex = clip.SplitIndex,
            Frames = [.. frames],
            ImageTokens = t.Tokens,
            ImageWidth = t.Width,
            ClipImageTokens = TargetFloat16.Round(t.ImageTokens),
            ClipImageMean = [.. t.ImageMean],
            Caption = caption,
            TextWidth = t.CaptionText.Length,
            ClipText = TargetFloat16.Round(t.CaptionText),
            KeyObject = key,
            KeyObjectText = t.KeyObjectText is { } keyText ? TargetFloat16.Round(keyText) : [],
            LatentChannels = t.LatentChannels,
            LatentHeight = t.LatentHeight,
            LatentWidth = t.LatentWidth,
            VaeLatents = TargetFloat16.Round(t.Latents),
        };
    }

    private static List<int> ParseFrames(IReadOnlyList<string> frames)
    {
        var result = new List<int>();
        foreach (var text in frames)
        {
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var frame) || frame < 0 || frame >= ClipRow.FrameCount)
            {
                throw new ConfigException(StageFile, "stages.targets.frames", $"'{text}' is not a frame index 0-{ClipRow.FrameCount - 1}");
            }

            if (!result.Contains(frame))
            {
                result.Add(frame);
            }
        }

        return result.Count > 0 ? result : throw new ConfigException(StageFile, "stages.targets.frames", "no frames selected");
    }

    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "targets {Shard}: {Clips} clips will take about {ShardSize} ({Uncompressed} uncompressed float16); {Pending} shard(s) still to build need about {PendingSize}; {Free} free in {Workspace}")]
    private static partial void LogEstimate(ILogger logger, string shard, int clips, string shardSize, string uncompressed, int pending, string pendingSize, string free, string workspace);

    /// <summary>
    /// The shard's size as Parquet will store it: the first clips are written to a probe file (compression
    /// included) and the per-clip bytes beyond an empty file's are extrapolated to the shard.
    /// </summary>
    private static async Task<long> MeasureAsync(StageContext context, List<TargetRow> probe, int clips, CancellationToken cancellationToken)
    {
        // Beside the shard being written (its table's .tmp folder), named after this process: a run killed
        // here leaves files the engine removes at the next start.
        var folder = Path.GetDirectoryName(context.Output("targets").Path)!;
        Directory.CreateDirectory(folder);
        var empty = Path.Combine(folder, TempOwner.UniqueName($"{context.Shard.Name}.probe0.parquet"));
        var some = Path.Combine(folder, TempOwner.UniqueName($"{context.Shard.Name}.probe.parquet"));
        try
        {
            await ParquetRows.WriteAsync(empty, Array.Empty<TargetRow>(), cancellationToken).ConfigureAwait(false);
            await ParquetRows.WriteAsync(some, probe, cancellationToken).ConfigureAwait(false);
            long baseBytes = new FileInfo(empty).Length, probeBytes = new FileInfo(some).Length;
            var perClip = Math.Max(1.0, (probeBytes - baseBytes) / (double)probe.Count);
            return baseBytes + (long)Math.Ceiling(perClip * clips);
        }
        finally
        {
            File.Delete(empty);
            File.Delete(some);
        }
    }

    private void CheckDisk(StageContext context, TargetsOptions options, TargetSizeEstimate upperBound, long shardBytes, int clips, OutputShard output)
    {
        var pending = context.AllShards.Count(s => s.Name == context.Shard.Name || !File.Exists(Path.Combine(context.WorkspaceRoot, "targets", s.Name + ".parquet")));
        var pendingBytes = shardBytes * Math.Max(1, pending);
        var free = FreeSpace(context.WorkspaceRoot);
        output.Metadata["estimate_bytes"] = shardBytes;
        output.Metadata["uncompressed_bytes"] = upperBound.Bytes(clips);
        output.Metadata["bytes_per_clip_uncompressed"] = upperBound.BytesPerClip;
        LogEstimate(context.Logger, context.Shard.Name, clips, TargetSizeEstimate.Format(shardBytes), TargetSizeEstimate.Format(upperBound.Bytes(clips)), pending, TargetSizeEstimate.Format(pendingBytes), TargetSizeEstimate.Format(free), context.WorkspaceRoot);
        if (free < pendingBytes && !options.ForceDisk)
        {
            throw new IOException(
                $"targets: the {pending} shard(s) still to build need about {TargetSizeEstimate.Format(pendingBytes)} ({TargetSizeEstimate.Format(shardBytes)} for {context.Shard.Name}) but {context.WorkspaceRoot} has {TargetSizeEstimate.Format(free)} free; free space, use a smaller frames list, or set stages.targets.force_disk: true");
        }
    }
}
