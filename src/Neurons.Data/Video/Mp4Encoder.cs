using System.Globalization;

namespace Neurons.Data.Video;

/// <summary>
/// Encodes raw RGB frames to an H.264 MP4 through ffmpeg (frames through its standard input, no temporary
/// images); ffmpeg is killed when the token fires and dies with the pipeline.
/// </summary>
public static class Mp4Encoder
{
    /// <summary>Encodes <paramref name="frames"/> (each width × height × 3 bytes) at <paramref name="fps"/> to <paramref name="path"/>; <paramref name="crf"/> 0 is lossless.</summary>
    public static async Task EncodeAsync(string path, IEnumerable<byte[]> frames, int width, int height, int fps, int crf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frames);
        string[] arguments =
        [
            "-f", "rawvideo", "-r", fps.ToString(CultureInfo.InvariantCulture), "-pix_fmt", "rgb24",
            "-s", string.Create(CultureInfo.InvariantCulture, $"{width}x{height}"), "-i", "pipe:0",
            "-c:v", "libx264", "-crf", crf.ToString(CultureInfo.InvariantCulture),
            "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", "30", "-movflags", "+faststart", "-y", path,
        ];
        var ffmpeg = await FfmpegProcess.StartAsync(arguments, writeInput: true, cancellationToken).ConfigureAwait(false);
        await using (ffmpeg.ConfigureAwait(false))
        {
            try
            {
                foreach (var frame in frames)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (frame.Length != width * height * 3)
                    {
                        throw new ArgumentException($"a frame has {frame.Length} bytes, expected {width}×{height}×3", nameof(frames));
                    }

                    await ffmpeg.Input.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
                }

                await ffmpeg.Input.FlushAsync(cancellationToken).ConfigureAwait(false);
                ffmpeg.Input.Close();
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested)
            {
                // ffmpeg stopped reading; its exit code and log say why
            }

            cancellationToken.ThrowIfCancellationRequested();
            var (exitCode, lastError) = await ffmpeg.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (exitCode != 0)
            {
                throw new IOException($"ffmpeg could not encode {path}: exit code {exitCode}: {lastError}");
            }
        }
    }
}
