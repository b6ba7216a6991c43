namespace Neurons.Evaluation.Frames;

/// <summary>scikit-image's <c>rgb2gray</c>: uint8 / 255 in float64, then Y = 0.2125 R + 0.7154 G + 0.0721 B.</summary>
public static class Grayscale
{
    /// <summary>The luma weights of <c>skimage.color.rgb2gray</c>.</summary>
    public static readonly (double R, double G, double B) Weights = (0.2125, 0.7154, 0.0721);

    /// <summary>Converts an interleaved RGB uint8 image (row, column, channel) to grayscale in [0, 1].</summary>
    /// <exception cref="ArgumentException">The byte count is not width × height × 3.</exception>
    public static GrayImage FromRgb(ReadOnlySpan<byte> rgb, int width, int height)
    {
        if (rgb.Length != width * height * 3)
        {
            throw new ArgumentException($"{rgb.Length} bytes for a {width}×{height} RGB image", nameof(rgb));
        }

        return Into(rgb, width, height, new double[width * height]);
    }

    /// <summary>Converts like <see cref="FromRgb"/> into <paramref name="gray"/> (width × height values), which the image wraps.</summary>
    internal static GrayImage Into(ReadOnlySpan<byte> rgb, int width, int height, double[] gray)
    {
        for (var i = 0; i < gray.Length; i++)
        {
            gray[i] = (rgb[3 * i] / 255.0 * Weights.R) + (rgb[(3 * i) + 1] / 255.0 * Weights.G) + (rgb[(3 * i) + 2] / 255.0 * Weights.B);
        }

        return new GrayImage(width, height, gray);
    }
}
