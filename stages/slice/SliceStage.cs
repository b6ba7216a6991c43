using System.Text.Json.Nodes;
using Neurons.Data.Tables;
using Neurons.Data.Video;
using Neurons.Engine.Stages;

namespace Neurons.Stages.Slice;

/// <summary>The <c>slice</c> stage: one segment movie → one <c>clips</c> shard.</summary>
internal sealed class SliceStage : IStage
{
    public string Name => "slice";

    /// <inheritdoc/>
    public IReadOnlyList<ParameterError> ValidateParameters(StageParameters parameters) => OptionsValidation.Validate<SliceOptions>(parameters);

    public async Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var options = context.BindParameters<SliceOptions>();
        var output = context.Output("clips");
        var writer = new ParquetRowWriter<ClipRow>(output.Path, options.RowGroup, ClipRow.Metadata(options.Size, options.Size));
        await using (writer.ConfigureAwait(false))
        {
            var summary = await ClipSlicer.SliceAsync(
                context.SourceFiles.Single(),
                context.Shard.Name,
                context.Shard.Split,
                options,
                writer.AddAsync,
                context.Progress,
                cancellationToken).ConfigureAwait(false);
            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            output.Rows = writer.Rows;
            output.Metadata["source_width"] = summary.SourceWidth;
            output.Metadata["source_height"] = summary.SourceHeight;
            output.Metadata["source_fps"] = summary.SourceFps;
            output.Metadata["resampled_to_30fps"] = summary.Resampled;
            output.Metadata["sampled_frames"] = summary.SampledFrames;
            output.Metadata["source_sha256"] = summary.Sha256;
            output.Metadata["ffmpeg_filter"] = summary.Filter;
            output.Metadata["source_frames_rule"] = "clip i, frame k = source frame 60*i + 10*k (30 fps)";
            output.Metadata["frame_layout"] = new JsonArray(ClipRow.FrameCount, options.Size, options.Size, 3);
            output.Metadata["frame_encoding"] = "png";
        }
    }
}
