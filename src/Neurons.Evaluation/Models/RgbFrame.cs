namespace Neurons.Evaluation.Models;

/// <summary>An 8-bit RGB image, interleaved (row, column, channel).</summary>
public sealed class RgbFrame
{
    /// <summary>Initializes a new instance of the <see cref="RgbFrame"/> class.</summary>
    /// <exception cref="ArgumentException">The byte count is not width × height × 3.</exception>
    public RgbFrame(int width, int height, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (pixels.Length != width * height * 3)
        {
            throw new ArgumentException($"{pixels.Length} bytes for a {width}×{height} RGB frame", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>Gets the width.</summary>
    public int Width { get; }

    /// <summary>Gets the height.</summary>
    public int Height { get; }

    /// <summary>Gets the pixels (row, column, channel).</summary>
    public byte[] Pixels { get; }

    /// <summary>Splits a clip's frame-major buffer (<c>clips.frames</c>) into frames.</summary>
    /// <exception cref="ArgumentException">The buffer is not <paramref name="count"/> frames of width × height × 3.</exception>
    public static IReadOnlyList<RgbFrame> SplitClip(byte[] frames, int count, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var size = width * height * 3;
        if (frames.Length != size * count)
        {
            throw new ArgumentException($"{frames.Length} bytes is not {count} frames of {width}×{height}×3", nameof(frames));
        }

        return Enumerable.Range(0, count).Select(i => new RgbFrame(width, height, frames.AsSpan(i * size, size).ToArray())).ToList();
    }
}
