namespace Neurons.Vision.Targets;

/// <summary>Bytes the <c>targets</c> table needs: float32 list values per clip (float16-rounded, stored as float32) plus a fixed per-row allowance.</summary>
/// <param name="Frames">Frames with image tokens per clip.</param>
/// <param name="Tokens">Image tokens per frame.</param>
/// <param name="Width">Token width.</param>
/// <param name="TextWidth">Text embedding width (caption and key object: two per clip).</param>
/// <param name="LatentValues">VAE latent values per clip (6 × 4 × 28 × 28 for 224² frames).</param>
public sealed record TargetSizeEstimate(int Frames, int Tokens, int Width, int TextWidth, int LatentValues)
{
    /// <summary>Per-row bytes for ids, captions, shapes and Parquet page headers.</summary>
    public const long RowOverhead = 512;

    /// <summary>Gets the bytes of one clip's row.</summary>
    public long BytesPerClip => (4L * Frames * Tokens * Width) + (4L * 2 * TextWidth) + (4L * LatentValues) + (4L * Width) + RowOverhead;

    /// <summary>Returns the bytes for <paramref name="clips"/> rows.</summary>
    public long Bytes(long clips) => clips * BytesPerClip;

    /// <summary>Formats a byte count (e.g. <c>2.6 GiB</c>).</summary>
    public static string Format(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{value:0.#} {units[unit]}");
    }
}
