using Neurons.Data.Tables;
using Neurons.Generation.Pipeline;
using Neurons.Generation.Scoring;

namespace Neurons.Generation.Output;

/// <summary>
/// A generated clip's files: <c>&lt;name&gt;.mp4</c> (the generated frames) and, when the clip's ground truth is
/// known, the reference's side-by-side <c>&lt;name&gt;.gif</c> (ground truth resized to the generated size beside
/// the generated frames).
/// </summary>
public static class GeneratedClipFiles
{
    /// <summary>Writes the files into <paramref name="directory"/>.</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="name">The file name without extension (<c>s1_test1_003</c>).</param>
    /// <param name="clip">The generated clip.</param>
    /// <param name="truth">The clip's ground truth, or null when unknown (no GIF).</param>
    /// <param name="fps">Frame rate of both files.</param>
    /// <param name="crf">H.264 constant rate factor of the MP4.</param>
    /// <param name="cancellationToken">Cancels ffmpeg.</param>
    /// <returns>The MP4's and the GIF's file names (the GIF's empty without ground truth).</returns>
    public static async Task<(string Video, string Gif)> WriteAsync(string directory, string name, GeneratedClip clip, ClipRow? truth, int fps, int crf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var size = clip.Size;
        var frameBytes = size * size * 3;
        var generated = Enumerable.Range(0, ClipRow.FrameCount).Select(f => clip.Frames.AsSpan(f * frameBytes, frameBytes).ToArray()).ToList();
        var video = name + ".mp4";
        await VideoFiles.WriteMp4Async(Path.Combine(directory, video), generated, size, fps, crf, cancellationToken).ConfigureAwait(false);
        if (truth is null)
        {
            return (video, string.Empty);
        }

        var evaluation = GeneratedVideoScoring.Clip(truth.ClipId, truth.SplitIndex, truth.DecodeFrames(), truth.Width, clip.Frames, size);
        var gif = name + ".gif";
        await VideoFiles.WriteGifAsync(Path.Combine(directory, gif), [.. evaluation.TruthFrames!.Select(f => f.Pixels)], generated, size, fps, cancellationToken).ConfigureAwait(false);
        return (video, gif);
    }
}
