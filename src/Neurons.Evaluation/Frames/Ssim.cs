using System.Numerics;
using System.Runtime.InteropServices;

namespace Neurons.Evaluation.Frames;

/// <summary>
/// SSIM as <c>skimage.metrics.structural_similarity(gaussian_weights=True, sigma=1.5,
/// use_sample_covariance=False, data_range=1)</c> computes it (v0.19.3–v0.25.2): Gaussian-filtered local
/// means, population variances and covariance (scipy <c>reflect</c> boundary), the SSIM map, and its
/// mean after cropping the window radius from each filtered side. All arithmetic is float64. The
/// filters are separable and vectorised; <see cref="SsimVariant.Reference"/> filters along the rows
/// only (every column is a "channel").
/// </summary>
public static class Ssim
{
    private static readonly SsimOptions DefaultOptions = new();

    // The per-pair arrays of one thread (every filter writes each element before it is read), so that pairing
    // thousands of frames allocates nothing.
    [ThreadStatic]
    private static SsimBuffers? buffers;

    /// <summary>Computes SSIM between two gray images of the same size.</summary>
    /// <exception cref="ArgumentException">The sizes differ or an image is smaller than the window along a filtered axis.</exception>
    public static double Compute(GrayImage x, GrayImage y, SsimOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var o = options ?? DefaultOptions;
        if (x.Width != y.Width || x.Height != y.Height)
        {
            throw new ArgumentException($"image sizes differ: {x.Width}×{x.Height} vs {y.Width}×{y.Height}", nameof(y));
        }

        return Compute(x, Prepare(y, o), o);
    }

    /// <summary>
    /// Filters <paramref name="y"/>'s local mean and mean square once, so that SSIM against many images (a
    /// permutation null pairs each ground truth with a hundred predictions) filters only the other image and the
    /// product: the same arithmetic as <see cref="Compute(GrayImage, GrayImage, SsimOptions?)"/>, bit for bit.
    /// </summary>
    /// <exception cref="ArgumentException">The image is smaller than the window along a filtered axis.</exception>
    internal static SsimSide Prepare(GrayImage y, SsimOptions o)
    {
        var g = GaussianWindow.Create(o.Sigma, o.Truncate);
        int h = y.Height, w = y.Width;
        var twoD = o.Variant == SsimVariant.TwoDimensional;
        if (h < g.Length || (twoD && w < g.Length))
        {
            throw new ArgumentException($"a {w}×{h} image is smaller than the {g.Length}-tap SSIM window", nameof(y));
        }

        var n = w * h;
        var py = y.Pixels;
        var yy = new double[n];
        for (var i = 0; i < n; i++)
        {
            yy[i] = py[i] * py[i];
        }

        var scratch = twoD ? new double[n] : null;
        var uy = new double[n];
        var uyy = new double[n];
        Filter(py, uy, h, w, g, scratch);
        Filter(yy, uyy, h, w, g, scratch);
        return new SsimSide(y, uy, uyy);
    }

    /// <summary>SSIM of <paramref name="x"/> against an image prepared by <see cref="Prepare"/> (same options), reusing this thread's buffers.</summary>
    /// <exception cref="ArgumentException">The sizes differ.</exception>
    internal static double Compute(GrayImage x, SsimSide y, SsimOptions o)
    {
        if (x.Width != y.Image.Width || x.Height != y.Image.Height)
        {
            throw new ArgumentException($"image sizes differ: {x.Width}×{x.Height} vs {y.Image.Width}×{y.Image.Height}", nameof(y));
        }

        var g = GaussianWindow.Create(o.Sigma, o.Truncate);
        var r = g.Length / 2;
        int h = x.Height, w = x.Width;
        var twoD = o.Variant == SsimVariant.TwoDimensional;
        if (h < g.Length || (twoD && w < g.Length))
        {
            throw new ArgumentException($"a {w}×{h} image is smaller than the {g.Length}-tap SSIM window", nameof(x));
        }

        var n = w * h;
        var px = x.Pixels;
        var py = y.Image.Pixels;
        var b = Buffers(n);
        var (xx, xy, ux, uxx, uxy) = (b.Xx, b.Xy, b.Ux, b.Uxx, b.Uxy);
        for (var i = 0; i < n; i++)
        {
            xx[i] = px[i] * px[i];
            xy[i] = px[i] * py[i];
        }

        var scratch = twoD ? b.Scratch : null;
        Filter(px, ux, h, w, g, scratch);
        Filter(xx, uxx, h, w, g, scratch);
        Filter(xy, uxy, h, w, g, scratch);
        var uy = y.Mean;
        var uyy = y.MeanSquare;

        var c1 = (o.K1 * o.DataRange) * (o.K1 * o.DataRange);
        var c2 = (o.K2 * o.DataRange) * (o.K2 * o.DataRange);
        var colStart = twoD ? r : 0;
        var colEnd = twoD ? w - r : w;
        var sum = 0.0;
        for (var i = r; i < h - r; i++)
        {
            var rowSum = 0.0;
            for (var j = colStart; j < colEnd; j++)
            {
                var k = (i * w) + j;
                double mx = ux[k], my = uy[k];
                var vx = uxx[k] - (mx * mx);
                var vy = uyy[k] - (my * my);
                var vxy = uxy[k] - (mx * my);
                rowSum += ((2 * mx * my) + c1) * ((2 * vxy) + c2) / (((mx * mx) + (my * my) + c1) * (vx + vy + c2));
            }

            sum += rowSum;
        }

        return sum / ((double)(h - (2 * r)) * (colEnd - colStart));
    }

    /// <summary>1-D SSIM of two equal-length signals (the per-column quantity of the reference variant).</summary>
    public static double Compute1D(double[] x, double[] y, SsimOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var o = (options ?? DefaultOptions) with { Variant = SsimVariant.Reference };
        return Compute(new GrayImage(1, x.Length, x), new GrayImage(1, y.Length, y), o);
    }

    /// <summary>Filters along the rows (down each column) into <paramref name="dst"/>; when <paramref name="scratch"/> is given, then along the columns too.</summary>
    private static void Filter(double[] src, double[] dst, int h, int w, double[] g, double[]? scratch)
    {
        if (scratch is null)
        {
            FilterVertical(src, dst, h, w, g);
            return;
        }

        FilterVertical(src, scratch, h, w, g);
        FilterHorizontal(scratch, dst, h, w, g);
    }

    private static SsimBuffers Buffers(int n)
    {
        if (buffers is null || buffers.Xx.Length != n)
        {
            buffers = new SsimBuffers(new double[n], new double[n], new double[n], new double[n], new double[n], new double[n]);
        }

        return buffers;
    }

    private static void FilterVertical(ReadOnlySpan<double> src, Span<double> dst, int h, int w, double[] g)
    {
        var r = g.Length / 2;
        for (var i = 0; i < h; i++)
        {
            var outRow = dst.Slice(i * w, w);
            outRow.Clear();
            for (var k = 0; k < g.Length; k++)
            {
                var si = GaussianWindow.Reflect(i + k - r, h);
                MultiplyAdd(outRow, src.Slice(si * w, w), g[k]);
            }
        }
    }

    private static void FilterHorizontal(ReadOnlySpan<double> src, Span<double> dst, int h, int w, double[] g)
    {
        var r = g.Length / 2;
        for (var i = 0; i < h; i++)
        {
            var inRow = src.Slice(i * w, w);
            var outRow = dst.Slice(i * w, w);
            outRow.Clear();
            for (var k = 0; k < g.Length; k++)
            {
                var offset = k - r;
                var start = Math.Max(0, -offset);
                var end = Math.Min(w, w - offset);
                if (end > start)
                {
                    MultiplyAdd(outRow[start..end], inRow.Slice(start + offset, end - start), g[k]);
                }

                for (var j = 0; j < start; j++)
                {
                    outRow[j] += g[k] * inRow[GaussianWindow.Reflect(j + offset, w)];
                }

                for (var j = Math.Max(end, start); j < w; j++)
                {
                    outRow[j] += g[k] * inRow[GaussianWindow.Reflect(j + offset, w)];
                }
            }
        }
    }

    private static void MultiplyAdd(Span<double> accumulator, ReadOnlySpan<double> source, double weight)
    {
        var j = 0;
        if (Vector.IsHardwareAccelerated && accumulator.Length >= Vector<double>.Count)
        {
            var wv = new Vector<double>(weight);
            var acc = MemoryMarshal.Cast<double, Vector<double>>(accumulator);
            var src = MemoryMarshal.Cast<double, Vector<double>>(source);
            for (var v = 0; v < acc.Length; v++)
            {
                acc[v] += wv * src[v];
            }

            j = acc.Length * Vector<double>.Count;
        }

        for (; j < accumulator.Length; j++)
        {
            accumulator[j] += weight * source[j];
        }
    }
}
