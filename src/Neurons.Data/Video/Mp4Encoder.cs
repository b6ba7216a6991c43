using FFMpegCore;
using FFMpegCore.Pipes;

namespace Neurons.Data.Video;

/// <summary>Encodes raw RGB frames to an H.264 MP4 through ffmpeg (a pipe, no temporary images).</summary>
public static class Mp4Encoder
{
    /// <summary>Encodes <paramref name="frames"/> (each width × height × 3 bytes) at <paramref name="fps"/> to <paramref name="path"/>; <paramref name="crf"/> 0 is lossless.</summary>
    public static async Task EncodeAsync(string path, IEnumerable<byte[]> frames, int width, int height, int fps, int crf, CancellationToken cancellationToken)
    {
        var source = new RawVideoPipeSource(frames.Select(f => (IVideoFrame)new RgbVideoFrame(f, width, height))) { FrameRate = fps };
        var result = await FFMpegArguments
            .FromPipeInput(source)
            .OutputToFile(path, overwrite: true, options => options
                .WithVideoCodec("libx264")
                .WithConstantRateFactor(crf)
                .WithCustomArgument("-preset veryfast -pix_fmt yuv420p -g 30 -movflags +faststart"))
            .CancellableThrough(cancellationToken)
            .ProcessAsynchronously(throwOnError: false, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (!result.Success)
        {
            throw new IOException($"ffmpeg could not encode {path}: exit code {result.ExitCode}: {LastLine(result.StandardError)}");
        }
    }

    private static string LastLine(IEnumerable<string>? lines) =>
        lines?.LastOrDefault(l => !string.IsNullOrWhiteSpace(l))?.Trim() ?? "no output";
}
