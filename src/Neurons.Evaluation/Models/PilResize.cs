namespace Neurons.Evaluation.Models;

/// <summary>
/// PIL's 8-bit <c>Image.resize</c> (Pillow <c>libImaging/Resample.c</c>), which the Hugging Face image
/// processors call: separable convolution, horizontal pass then vertical, the filter support widened
/// by the scale when shrinking (antialiasing), coefficients normalised and rounded to 22-bit fixed
/// point, and each pass rounded back to uint8.
/// </summary>
public static class PilResize
{
    private const int PrecisionBits = 32 - 8 - 2;

    /// <summary>Resizes an RGB frame to <paramref name="width"/> × <paramref name="height"/>.</summary>
    public static RgbFrame Resize(RgbFrame frame, int width, int height, ResampleFilter filter)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var current = frame;
        if (width != frame.Width)
        {
            current = Horizontal(current, width, filter);
        }

        if (height != frame.Height)
        {
            current = Vertical(current, height, filter);
        }

        return current == frame ? new RgbFrame(frame.Width, frame.Height, (byte[])frame.Pixels.Clone()) : current;
    }

    /// <summary>
    /// Hugging Face's <c>shortest_edge</c> resize size: the short side becomes <paramref name="shortest"/>, the long side
    /// int(shortest · long / short).
    /// </summary>
    public static (int Width, int Height) ShortestEdgeSize(int width, int height, int shortest)
    {
        if (width <= height)
        {
            return (shortest, (int)((long)shortest * height / width));
        }

        return ((int)((long)shortest * width / height), shortest);
    }

    /// <summary>Crops the centre (top = (h − size) / 2, left = (w − size) / 2, rounded down).</summary>
    /// <exception cref="ArgumentException">The frame is smaller than the crop.</exception>
    public static RgbFrame CenterCrop(RgbFrame frame, int size)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Width < size || frame.Height < size)
        {
            throw new ArgumentException($"cannot crop {size}×{size} from {frame.Width}×{frame.Height}", nameof(frame));
        }

        if (frame.Width == size && frame.Height == size)
        {
            return frame;
        }

        var top = (frame.Height - size) / 2;
        var left = (frame.Width - size) / 2;
        var result = new byte[size * size * 3];
        for (var y = 0; y < size; y++)
        {
            Array.Copy(frame.Pixels, (((top + y) * frame.Width) + left) * 3, result, y * size * 3, size * 3);
        }

        return new RgbFrame(size, size, result);
    }

    /// <summary>Computes PIL's fixed-point coefficients for one axis.</summary>
    internal static (int[] Start, int[] Count, int[][] Weights) Coefficients(int inSize, int outSize, ResampleFilter filter)
    {
        var support = filter == ResampleFilter.Bilinear ? 1.0 : 2.0;
        var scale = (double)inSize / outSize;
        var filterScale = Math.Max(scale, 1.0);
        support *= filterScale;
        var start = new int[outSize];
        var count = new int[outSize];
        var weights = new int[outSize][];
        for (var xx = 0; xx < outSize; xx++)
        {
            var center = (xx + 0.5) * scale;
            var ss = 1.0 / filterScale;
            var xmin = Math.Max((int)(center - support + 0.5), 0);
            var xmax = Math.Min((int)(center + support + 0.5), inSize) - xmin;
            var k = new double[xmax];
            var ww = 0.0;
            for (var x = 0; x < xmax; x++)
            {
                var w = Filter(filter, (x + xmin - center + 0.5) * ss);
                k[x] = w;
                ww += w;
            }

            var fixedPoint = new int[xmax];
            for (var x = 0; x < xmax; x++)
            {
                var v = ww != 0 ? k[x] / ww : k[x];
                fixedPoint[x] = v < 0 ? (int)(-0.5 + (v * (1 << PrecisionBits))) : (int)(0.5 + (v * (1 << PrecisionBits)));
            }

            start[xx] = xmin;
            count[xx] = xmax;
            weights[xx] = fixedPoint;
        }

        return (start, count, weights);
    }

    private static double Filter(ResampleFilter filter, double x)
    {
        x = Math.Abs(x);
        if (filter == ResampleFilter.Bilinear)
        {
            return x < 1.0 ? 1.0 - x : 0.0;
        }

        const double a = -0.5;
        if (x < 1.0)
        {
            return ((((a + 2.0) * x) - (a + 3.0)) * x * x) + 1;
        }

        return x < 2.0 ? ((((x - 5) * x) + 8) * x - 4) * a : 0.0;
    }

    private static byte Clip8(long value)
    {
        var v = value >> PrecisionBits;
        return (byte)Math.Clamp(v, 0, 255);
    }

    private static RgbFrame Horizontal(RgbFrame src, int outWidth, ResampleFilter filter)
    {
        var (start, count, weights) = Coefficients(src.Width, outWidth, filter);
        var dst = new byte[outWidth * src.Height * 3];
        for (var y = 0; y < src.Height; y++)
        {
            var row = y * src.Width * 3;
            for (var x = 0; x < outWidth; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    long ss = 1L << (PrecisionBits - 1);
                    for (var k = 0; k < count[x]; k++)
                    {
                        ss += src.Pixels[row + ((start[x] + k) * 3) + c] * (long)weights[x][k];
                    }

                    dst[(((y * outWidth) + x) * 3) + c] = Clip8(ss);
                }
            }
        }

        return new RgbFrame(outWidth, src.Height, dst);
    }

    private static RgbFrame Vertical(RgbFrame src, int outHeight, ResampleFilter filter)
    {
        var (start, count, weights) = Coefficients(src.Height, outHeight, filter);
        var stride = src.Width * 3;
        var dst = new byte[outHeight * stride];
        for (var y = 0; y < outHeight; y++)
        {
            for (var i = 0; i < stride; i++)
            {
                long ss = 1L << (PrecisionBits - 1);
                for (var k = 0; k < count[y]; k++)
                {
                    ss += src.Pixels[((start[y] + k) * stride) + i] * (long)weights[y][k];
                }

                dst[(y * stride) + i] = Clip8(ss);
            }
        }

        return new RgbFrame(src.Width, outHeight, dst);
    }
}
