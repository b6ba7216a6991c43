using FFMpegCore;
using FFMpegCore.Pipes;
using Neurons.Data.Video;

namespace Neurons.Generation.Output;

/// <summary>Writes a generated clip's MP4 and the reference's side-by-side GIF (ground truth | generated) through ffmpeg.</summary>
public static class VideoFiles
{
    /// <summary>Writes the six generated frames (S×S RGB each) as an H.264 MP4 at <paramref name="fps"/>.</summary>
    public static Task WriteMp4Async(string path, IReadOnlyList<byte[]> frames, int size, int fps, int crf, CancellationToken cancellationToken) =>
        Mp4Encoder.EncodeAsync(path, frames, size, size, fps, crf, cancellationToken);

    /// <summary>
    /// Writes the comparison GIF: per frame the ground truth and the generated frame side by side
    /// (<see cref="ComparisonGrid"/>), at <paramref name="fps"/> (8 in the reference), with one palette per clip.
    /// </summary>
    public static async Task WriteGifAsync(string path, IReadOnlyList<byte[]> truth, IReadOnlyList<byte[]> generated, int size, int fps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(generated);
        if (truth.Count != generated.Count)
        {
            throw new ArgumentException($"{truth.Count} ground-truth frames but {generated.Count} generated ones");
        }

        int width = ComparisonGrid.Width(size), height = ComparisonGrid.Height(size);
        var grids = truth.Zip(generated).Select(p => (IVideoFrame)new GridFrame(ComparisonGrid.Compose(p.First, p.Second, size), width, height)).ToList();
        var source = new RawVideoPipeSource(grids) { FrameRate = fps };
        var result = await FFMpegArguments
            .FromPipeInput(source)
            .OutputToFile(path, overwrite: true, options => options
                .WithCustomArgument("-filter_complex \"split[a][b];[a]palettegen=stats_mode=full[p];[b][p]paletteuse=dither=none\" -loop 0")
                .ForceFormat("gif"))
            .CancellableThrough(cancellationToken)
            .ProcessAsynchronously(throwOnError: false, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (!result.Success)
        {
            throw new IOException($"ffmpeg could not write {path}: exit code {result.ExitCode}: {result.StandardError?.LastOrDefault(l => !string.IsNullOrWhiteSpace(l))?.Trim() ?? "no output"}");
        }
    }

    private sealed class GridFrame(byte[] pixels, int width, int height) : IVideoFrame
    {
        public int Width => width;

        public int Height => height;

        public string PixelFormat => "rgb24";

        public void Serialize(Stream pipe) => pipe.Write(pixels);

        public Task SerializeAsync(Stream pipe, CancellationToken token) => pipe.WriteAsync(pixels, token).AsTask();
    }
}
