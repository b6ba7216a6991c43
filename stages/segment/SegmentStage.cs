using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Neurons.Data.Imaging;
using Neurons.Data.Tables;
using Neurons.Engine.Config;
using Neurons.Engine.Stages;
using Neurons.Vision.GroundedSam;
using Neurons.Vision.Grounding;
using Neurons.Vision.Imaging;
using Neurons.Vision.Sam;

namespace Neurons.Stages.Segment;

/// <summary>
/// The <c>segment</c> stage: for each clip of a shard and each configured frame, masks every object of the
/// clip's annotation (the object names are the Grounding DINO prompts; the best box per object becomes a
/// SAM box prompt), or imports release-format mask PNGs. Writes the <c>masks</c> table. The Grounded-SAM
/// ONNX sessions are loaded once per run in <see cref="SetupAsync"/>, shared by its work items and disposed in
/// <see cref="Teardown"/>.
/// </summary>
public sealed partial class SegmentStage : IStage
{
    private const string StageFile = "stages/segment/stage.yaml";
    private GroundedSamSegmenter? segmenter;

    /// <inheritdoc/>
    public string Name => "segment";

    /// <inheritdoc/>
    public IReadOnlyList<ParameterError> ValidateParameters(StageParameters parameters)
    {
        var errors = OptionsValidation.Validate<SegmentOptions>(parameters).ToList();
        var o = parameters.Bind<SegmentOptions>();
        if (o.Provider == "grounded-sam")
        {
            errors.AddRange(OptionsValidation.MissingFiles(
                ("grounding_dino_model", o.GroundingDinoModel), ("bert_vocab", o.BertVocab), ("sam_encoder", o.SamEncoder), ("sam_decoder", o.SamDecoder)));
        }

        return errors;
    }

    /// <inheritdoc/>
    public async Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.BindParameters<SegmentOptions>();
        var frames = ParseFrames(options.Frames);
        var clips = await ParquetRows.ReadAsync<ClipRow>(context.SingleInput("clips").Path, cancellationToken).ConfigureAwait(false);
        var output = context.Output("masks");
        var watch = Stopwatch.StartNew();
        List<MaskRow> rows;
        if (options.Provider == "import")
        {
            rows = Import(context, options, clips, frames, cancellationToken);
        }
        else if (options.Provider == "grounded-sam")
        {
            var annotations = await ParquetRows.ReadAsync<AnnotationRow>(context.SingleInput("annotations").Path, cancellationToken).ConfigureAwait(false);
            var segmenter = this.segmenter
                ?? throw new InvalidOperationException("segment: the grounded-sam models are loaded by SetupAsync, which runs before the first work item (call the stage through StageLifecycle.RunAsync)");
            var before = (segmenter.Detector.Runs, segmenter.Sam.EncoderRuns, segmenter.Sam.DecoderRuns);
            rows = Segment(context, segmenter, clips, ObjectsByClip(annotations), frames, cancellationToken);
            output.Metadata["detector_runs"] = segmenter.Detector.Runs - before.Item1;
            output.Metadata["encoder_runs"] = segmenter.Sam.EncoderRuns - before.Item2;
            output.Metadata["decoder_runs"] = segmenter.Sam.DecoderRuns - before.Item3;
        }
        else
        {
            throw new ConfigException(StageFile, "stages.segment.provider", $"'{options.Provider}' is not one of grounded-sam, import");
        }

        var metadata = clips.Count > 0 ? MaskRow.Metadata(clips[0].Width, clips[0].Height) : null;
        await ParquetRows.WriteAsync(output.Path, rows, cancellationToken, metadata: metadata).ConfigureAwait(false);
        output.Rows = rows.Count;
        var frameCount = clips.Count * frames.Count;
        output.Metadata["provider"] = options.Provider;
        output.Metadata["frames"] = frameCount;
        output.Metadata["ms_per_frame"] = frameCount == 0 ? 0 : Math.Round(watch.Elapsed.TotalMilliseconds / frameCount, 3);
        LogSegmented(context.Logger, context.Shard.Name, rows.Count, frameCount, options.Provider);
    }

    /// <inheritdoc/>
    public Task SetupAsync(StageSetupContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.BindParameters<SegmentOptions>();
        if (options.Provider == "grounded-sam")
        {
            segmenter = Load(GroundedSamKey.From(options));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public void Teardown()
    {
        segmenter?.Dispose();
        segmenter = null;
    }

    /// <summary>The object names of each clip: the union over its <c>ok</c> annotation rows, in first-seen order.</summary>
    internal static Dictionary<string, List<string>> ObjectsByClip(IEnumerable<AnnotationRow> annotations)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var row in annotations.Where(a => a.Status == "ok"))
        {
            if (!result.TryGetValue(row.ClipId, out var names))
            {
                result[row.ClipId] = names = [];
            }

            foreach (var name in row.Objects.Select(o => o.Trim()).Where(o => o.Length > 0))
            {
                if (!names.Contains(name, StringComparer.Ordinal))
                {
                    names.Add(name);
                }
            }
        }

        return result;
    }

    internal static List<MaskRow> Segment(
        StageContext context,
        GroundedSamSegmenter segmenter,
        IReadOnlyList<ClipRow> clips,
        Dictionary<string, List<string>> objects,
        IReadOnlyList<int> frames,
        CancellationToken cancellationToken)
    {
        var rows = new List<MaskRow>();
        for (var i = 0; i < clips.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var clip = clips[i];
            if (!objects.TryGetValue(clip.ClipId, out var names) || names.Count == 0)
            {
                continue;
            }

            var caption = segmenter.Caption(names);
            var rgb = clip.DecodeFrames();
            foreach (var frame in frames)
            {
                var image = RgbImage.FromFrames(rgb, frame, clip.Width, clip.Height);
                foreach (var found in segmenter.Segment(image, caption))
                {
                    rows.Add(Row(clip.ClipId, frame, found.Phrase, found.Box, found.Score, found.Mask.Pixels, found.Mask.Width, found.Mask.Height, "grounded-sam"));
                }
            }

            context.Progress.Report((i + 1.0) / clips.Count);
        }

        return rows;
    }

    internal static List<MaskRow> Import(StageContext context, SegmentOptions options, IReadOnlyList<ClipRow> clips, IReadOnlyList<int> frames, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(context.DatasetRoot, options.ImportDir.Replace("{split}", context.Shard.Split, StringComparison.Ordinal));
        if (!Directory.Exists(folder))
        {
            throw new ConfigException(StageFile, "stages.segment.import_dir", $"mask folder not found: {folder}");
        }

        var index = MaskFile.IndexFolder(folder);
        var wanted = frames.ToHashSet();
        var rows = new List<MaskRow>();
        for (var i = 0; i < clips.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var clip = clips[i];
            if (!index.TryGetValue(clip.SplitIndex, out var files))
            {
                continue;
            }

            foreach (var file in files.Where(f => wanted.Contains(f.Frame)))
            {
                PngImage png;
                try
                {
                    png = PngDecoder.Decode(file.Path);
                }
                catch (InvalidDataException ex)
                {
                    throw new InvalidDataException($"{file.Path}: {ex.Message}", ex);
                }

                var mask = MaskOps.ResizeNearest(png.ToMask(), png.Width, png.Height, clip.Width, clip.Height);
                var box = MaskOps.BoundingBox(mask, clip.Width, clip.Height);
                rows.Add(Row(clip.ClipId, file.Frame, file.Label, box, 1f, mask, clip.Width, clip.Height, "import"));
            }

            context.Progress.Report((i + 1.0) / clips.Count);
        }

        return rows;
    }

    private static MaskRow Row(string clipId, int frame, string label, PixelBox box, float score, bool[] mask, int width, int height, string source) => new()
    {
        ClipId = clipId,
        Frame = frame,
        Object = label,
        Box = box.ToList(),
        Score = score,
        Width = width,
        Height = height,
        Mask = TableImages.FromMask(mask, width, height),
        Source = source,
    };

    private static List<int> ParseFrames(IReadOnlyList<string> frames)
    {
        var result = new List<int>();
        foreach (var text in frames)
        {
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var frame) || frame < 0 || frame >= ClipRow.FrameCount)
            {
                throw new ConfigException(StageFile, "stages.segment.frames", $"'{text}' is not a frame index 0-{ClipRow.FrameCount - 1}");
            }

            if (!result.Contains(frame))
            {
                result.Add(frame);
            }
        }

        return result;
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "segment {Shard}: {Rows} masks on {Frames} frames ({Provider})")]
    private static partial void LogSegmented(ILogger logger, string shard, int rows, int frames, string provider);

    private static GroundedSamSegmenter Load(GroundedSamKey key)
    {
        var detector = GroundingDinoDetector.Load(key.GroundingDinoModel, key.BertVocab, key.Grounding, key.Session);
        try
        {
            return new GroundedSamSegmenter(detector, SamSegmenter.Load(key.SamEncoder, key.SamDecoder, key.Sam, key.Session));
        }
        catch
        {
            detector.Dispose();
            throw;
        }
    }
}
