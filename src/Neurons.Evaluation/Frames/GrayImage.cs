namespace Neurons.Evaluation.Frames;

/// <summary>A float64 grayscale image, row-major.</summary>
public sealed class GrayImage
{
    /// <summary>Initializes a new instance of the <see cref="GrayImage"/> class.</summary>
    /// <exception cref="ArgumentException">The pixel count is not <paramref name="width"/> × <paramref name="height"/>.</exception>
    public GrayImage(int width, int height, double[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (pixels.Length != width * height)
        {
            throw new ArgumentException($"{pixels.Length} pixels for a {width}×{height} image", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>Gets the width (columns).</summary>
    public int Width { get; }

    /// <summary>Gets the height (rows).</summary>
    public int Height { get; }

    /// <summary>Gets the pixels, row-major.</summary>
    public double[] Pixels { get; }

    /// <summary>Gets the pixel at a row and column.</summary>
    public double this[int row, int column] => Pixels[(row * Width) + column];
}
