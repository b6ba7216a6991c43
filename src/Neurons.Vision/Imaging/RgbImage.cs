namespace Neurons.Vision.Imaging;

/// <summary>An 8-bit RGB image, row-major, channels interleaved (HWC), as stored in the <c>clips</c> table.</summary>
public sealed class RgbImage
{
    /// <summary>Initializes a new instance of the <see cref="RgbImage"/> class.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="pixels">Exactly <c>width × height × 3</c> bytes.</param>
    public RgbImage(int width, int height, ReadOnlyMemory<byte> pixels)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"image size {width}x{height} is not positive");
        }

        if (pixels.Length != width * height * 3)
        {
            throw new ArgumentException($"a {width}x{height} RGB image needs {width * height * 3} bytes, got {pixels.Length}", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>Gets the width in pixels.</summary>
    public int Width { get; }

    /// <summary>Gets the height in pixels.</summary>
    public int Height { get; }

    /// <summary>Gets the pixel bytes (HWC, RGB).</summary>
    public ReadOnlyMemory<byte> Pixels { get; }

    /// <summary>Returns frame <paramref name="index"/> of a clip's frame block (frame-major HWC RGB).</summary>
    public static RgbImage FromFrames(ReadOnlyMemory<byte> frames, int index, int width, int height)
    {
        var size = width * height * 3;
        if ((index + 1) * size > frames.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"frame {index} of {width}x{height} lies beyond the {frames.Length}-byte frame block");
        }

        return new RgbImage(width, height, frames.Slice(index * size, size));
    }
}
