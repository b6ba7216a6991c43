using System.Globalization;
using Neurons.Data.Tables;
using Neurons.Data.Video;

namespace Neurons.Model.Inference;

/// <summary>
/// A decoded clip's files: six PNG blurry frames, six PNG masks (255 object, 0 background) and the blurry MP4
/// (3 fps, CRF 18), named <c>s&lt;subject&gt;_&lt;clip&gt;_blurry_f&lt;k&gt;.png</c>, <c>…_mask_f&lt;k&gt;.png</c>, <c>…_blurry.mp4</c>.
/// </summary>
public static class DecodedClipFiles
{
    private const int Frames = ClipRow.FrameCount;

    /// <summary>Returns the file-name prefix of a row, <c>s&lt;subject&gt;_&lt;clip&gt;</c>.</summary>
    public static string Prefix(int subject, string clipId) => string.Create(CultureInfo.InvariantCulture, $"s{subject}_{clipId}");

    /// <summary>Returns the names of the files <see cref="WriteAsync"/> writes for a row.</summary>
    public static IReadOnlyList<string> Names(int subject, string clipId)
    {
        var prefix = Prefix(subject, clipId);
        return
        [
            .. Enumerable.Range(0, Frames).Select(f => string.Create(CultureInfo.InvariantCulture, $"{prefix}_blurry_f{f}.png")),
            .. Enumerable.Range(0, Frames).Select(f => string.Create(CultureInfo.InvariantCulture, $"{prefix}_mask_f{f}.png")),
            $"{prefix}_blurry.mp4",
        ];
    }

    /// <summary>Writes the row's files into <paramref name="directory"/> (the names of <see cref="Names"/>).</summary>
    public static async Task WriteAsync(string directory, DecodedRow row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        var prefix = Prefix(row.Subject, row.ClipId);
        var plane = row.Width * row.Height * 3;
        var rgb = row.DecodeBlurryFrames();
        var frames = Enumerable.Range(0, Frames).Select(f => rgb.AsSpan(f * plane, plane).ToArray()).ToList();

        // The row's cells are the PNG files already (RGB frames; masks gray, 255 inside).
        for (var f = 0; f < Frames; f++)
        {
            await File.WriteAllBytesAsync(Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"{prefix}_blurry_f{f}.png")), row.BlurryFrames[f].Bytes, cancellationToken).ConfigureAwait(false);
            await File.WriteAllBytesAsync(Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"{prefix}_mask_f{f}.png")), row.Masks[f].Bytes, cancellationToken).ConfigureAwait(false);
        }

        await Mp4Encoder.EncodeAsync(Path.Combine(directory, $"{prefix}_blurry.mp4"), frames, row.Width, row.Height, 3, 18, cancellationToken).ConfigureAwait(false);
    }
}
