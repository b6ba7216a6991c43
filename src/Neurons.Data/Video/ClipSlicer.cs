using System.Globalization;
using FFMpegCore;
using Neurons.Data.Cc2017;
using Neurons.Data.Tables;

namespace Neurons.Data.Video;

/// <summary>
/// Cuts a segment movie into 2-s clips of six frames: clip (TR) i takes source frames
/// 60i, 60i+10, …, 60i+50 of the 30-fps movie (3 fps; t = 2i + k/3 s for k = 0…5), resized to a square.
/// The movie is decoded once by ffmpeg, which drops the other frames and scales before the pipe (its standard output);
/// ffmpeg is killed when the token fires and dies with the pipeline.
/// </summary>
public static class ClipSlicer
{
    /// <summary>Frames per clip.</summary>
    public const int FramesPerClip = ClipRow.FrameCount;

    /// <summary>Source frames between two sampled frames (30 fps → 3 fps).</summary>
    public const int FrameStride = Cc2017Layout.SourceFramesPerTr / FramesPerClip;

    /// <summary>Returns the 0-based 30-fps source frame numbers sampled for TR <paramref name="tr"/>.</summary>
    public static List<int> SourceFrames(int tr) =>
        Enumerable.Range(0, FramesPerClip).Select(k => (tr * Cc2017Layout.SourceFramesPerTr) + (k * FrameStride)).ToList();

    /// <summary>Returns the ffmpeg video filter that samples and resizes.</summary>
    public static string Filter(SliceOptions options, bool resampleTo30Fps)
    {
        var size = options.Size.ToString(CultureInfo.InvariantCulture);
        var scale = options.ResizeMode == ResizeMode.Crop
            ? $"scale={size}:{size}:force_original_aspect_ratio=increase,crop={size}:{size}"
            : $"scale={size}:{size}";
        return $"{(resampleTo30Fps ? "fps=30," : string.Empty)}select='not(mod(n\\,{FrameStride}))',{scale}";
    }

    /// <summary>Decodes <paramref name="moviePath"/> and hands each complete clip to <paramref name="onClip"/> in TR order.</summary>
    /// <exception cref="IOException">ffmpeg cannot read the movie.</exception>
    /// <exception cref="InvalidDataException">The movie is shorter than <see cref="SliceOptions.Trs"/> TRs.</exception>
    public static async Task<SliceSummary> SliceAsync(
        string moviePath,
        string segment,
        string split,
        SliceOptions options,
        Func<ClipRow, CancellationToken, Task> onClip,
        IProgress<double>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Size, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Trs, 1, nameof(options));
        var display = Path.GetFileName(Path.GetDirectoryName(moviePath)) + "/" + Path.GetFileName(moviePath);
        IMediaAnalysis probe;
        try
        {
            probe = await FFProbe.AnalyseAsync(moviePath, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new IOException($"{display}: not a readable video ({FirstLine(e.Message)})", e);
        }

        var stream = probe.PrimaryVideoStream ?? throw new InvalidDataException($"{display}: has no video stream");
        var resample = Math.Abs(stream.AverageFrameRate - Cc2017Layout.SourceFps) > 0.01;
        var sha256 = Convert.ToHexStringLower(await Sha256Async(moviePath, cancellationToken).ConfigureAwait(false));
        var frameBytes = options.Size * options.Size * 3;
        var needed = options.Trs * FramesPerClip;
        var segmentNumber = Cc2017Layout.SegmentNumber(segment);
        var decoded = 0;

        async Task ReadFrames(Stream pipe, CancellationToken token)
        {
            var clip = new byte[FramesPerClip * frameBytes];
            var scratch = new byte[frameBytes];
            while (true)
            {
                token.ThrowIfCancellationRequested();
                var target = decoded < needed ? clip.AsMemory((decoded % FramesPerClip) * frameBytes, frameBytes) : scratch;
                var read = await pipe.ReadAtLeastAsync(target, frameBytes, throwOnEndOfStream: false, token).ConfigureAwait(false);
                if (read < frameBytes)
                {
                    return;
                }

                decoded++;
                if (decoded <= needed && decoded % FramesPerClip == 0)
                {
                    var tr = (decoded / FramesPerClip) - 1;
                    await onClip(
                        new ClipRow
                        {
                            ClipId = Cc2017Layout.ClipId(segment, tr),
                            Split = split,
                            Segment = segment,
                            TrIndex = tr,
                            SplitIndex = ((segmentNumber - 1) * options.Trs) + tr,
                            StartSeconds = tr * Cc2017Layout.TrSeconds,
                            SourceFrames = SourceFrames(tr),
                            Width = options.Size,
                            Height = options.Size,
                            Frames = TableImages.FromRgbFrames(clip, options.Size, options.Size),
                            SourceSha256 = sha256,
                        },
                        token).ConfigureAwait(false);
                    progress?.Report((double)decoded / needed);
                }
            }
        }

        string[] arguments =
        [
            "-nostdin", "-i", moviePath, "-vf", Filter(options, resample), "-fps_mode", "passthrough",
            "-pix_fmt", "rgb24", "-an", "-f", "rawvideo", "pipe:1",
        ];
        var ffmpeg = await FfmpegProcess.StartAsync(arguments, writeInput: false, cancellationToken).ConfigureAwait(false);
        await using (ffmpeg.ConfigureAwait(false))
        {
            try
            {
                await ReadFrames(ffmpeg.Output, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException) when (cancellationToken.IsCancellationRequested)
            {
                // the pipe broke because cancellation killed ffmpeg
            }

            cancellationToken.ThrowIfCancellationRequested();
            var (exitCode, lastError) = await ffmpeg.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (exitCode != 0 && decoded < needed)
            {
                throw new IOException($"{display}: ffmpeg failed to decode it (exit code {exitCode}: {FirstLine(lastError)})");
            }
        }

        if (decoded < needed)
        {
            var seconds = (double)decoded * FrameStride / Cc2017Layout.SourceFps;
            throw new InvalidDataException(string.Create(
                CultureInfo.InvariantCulture,
                $"{display}: truncated: it holds {seconds:F1} s ({decoded / FramesPerClip} complete TRs), fewer than the {options.Trs} TRs ({options.Trs * Cc2017Layout.TrSeconds:F0} s) the slice stage expects (parameter trs)"));
        }

        return new SliceSummary(stream.Width ?? 0, stream.Height ?? 0, stream.AverageFrameRate, resample, decoded, options.Trs, sha256, Filter(options, resample));
    }

    private static async Task<byte[]> Sha256Async(string path, CancellationToken cancellationToken)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
        await using var scope = file.ConfigureAwait(false);
        return await System.Security.Cryptography.SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false);
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
