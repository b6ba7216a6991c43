using System.Buffers;
using System.Numerics;

namespace Neurons.Vision.Imaging;

/// <summary>
/// A separable resize from one size to another, precomputed: per target column and per target row the source
/// taps and weights (PyTorch's conventions, as <see cref="ImageOps"/> documents). <see cref="Resize"/> runs a
/// horizontal pass over each source row it needs (once, kept in a small ring of rows) and a vertical pass per target
/// row vectorised with <see cref="Vector{T}"/>. It performs the same float operations in the same order as the
/// per-pixel loops it replaces (bilinear: <c>a + (b − a)·w</c> across, then down; bicubic: <c>0 + w0·s0 + … + w3·s3</c>
/// across, then down), so the results are bit-identical to them. Immutable: one plan serves any number of threads.
/// </summary>
internal sealed class ResizePlan
{
    private readonly int taps;
    private readonly int[] columnTaps;
    private readonly float[] columnWeights;
    private readonly int[] rowTaps;
    private readonly float[] rowWeights;

    private ResizePlan(int srcWidth, int srcHeight, int width, int height, int channels, bool bicubic, bool alignCorners)
    {
        SourceWidth = srcWidth;
        SourceHeight = srcHeight;
        Width = width;
        Height = height;
        Channels = channels;
        Bicubic = bicubic;
        AlignCorners = alignCorners;
        Identity = srcWidth == width && srcHeight == height;
        taps = bicubic ? 4 : 2;
        var rowLength = width * channels;
        columnTaps = new int[rowLength * taps];
        columnWeights = new float[rowLength * (bicubic ? 4 : 1)];
        rowTaps = new int[height * taps];
        rowWeights = new float[height * (bicubic ? 4 : 1)];
        if (Identity)
        {
            return;
        }

        Span<int> index = stackalloc int[4];
        Span<float> weight = stackalloc float[4];
        for (var x = 0; x < width; x++)
        {
            var n = AxisTaps(x, srcWidth, width, bicubic, alignCorners, index, weight);
            for (var c = 0; c < channels; c++)
            {
                var j = (x * channels) + c;
                for (var k = 0; k < taps; k++)
                {
                    columnTaps[(j * taps) + k] = (index[k] * channels) + c;
                }

                weight[..n].CopyTo(columnWeights.AsSpan(j * n, n));
            }
        }

        for (var y = 0; y < height; y++)
        {
            var n = AxisTaps(y, srcHeight, height, bicubic, alignCorners, index, weight);
            index[..taps].CopyTo(rowTaps.AsSpan(y * taps, taps));
            weight[..n].CopyTo(rowWeights.AsSpan(y * n, n));
        }
    }

    public int SourceWidth { get; }

    public int SourceHeight { get; }

    public int Width { get; }

    public int Height { get; }

    public int Channels { get; }

    public bool Bicubic { get; }

    public bool AlignCorners { get; }

    /// <summary>Gets a value indicating whether source and target sizes are equal (the resize is a copy).</summary>
    public bool Identity { get; }

    /// <summary>Bilinear, half-pixel centres (<c>align_corners=False</c>), edges clamped.</summary>
    public static ResizePlan Bilinear(int srcWidth, int srcHeight, int width, int height, int channels) =>
        new(srcWidth, srcHeight, width, height, channels, bicubic: false, alignCorners: false);

    /// <summary>Bicubic (Keys, a = −0.75), either corner convention, edges clamped.</summary>
    public static ResizePlan BicubicOf(int srcWidth, int srcHeight, int width, int height, int channels, bool alignCorners) =>
        new(srcWidth, srcHeight, width, height, channels, bicubic: true, alignCorners);

    /// <summary>Whether this plan resizes the given sizes the given way (for callers that keep the last plan).</summary>
    public bool Fits(int srcWidth, int srcHeight, int width, int height, int channels, bool bicubic, bool alignCorners) =>
        SourceWidth == srcWidth && SourceHeight == srcHeight && Width == width && Height == height && Channels == channels
        && Bicubic == bicubic && (!bicubic || AlignCorners == alignCorners);

    /// <summary>
    /// Resizes <paramref name="src"/> (<see cref="SourceHeight"/> rows of <see cref="SourceWidth"/> × channels floats)
    /// into the first <see cref="Height"/> rows of <paramref name="dst"/> (row <c>y</c> starts at <c>y · dstRowStride</c>),
    /// applying <paramref name="transform"/> to every value written.
    /// </summary>
    public void Resize(ReadOnlySpan<float> src, Span<float> dst, int dstRowStride, PixelTransform transform)
    {
        var rowLength = Width * Channels;
        var srcRow = SourceWidth * Channels;
        if (Identity)
        {
            for (var y = 0; y < Height; y++)
            {
                transform.Apply(src.Slice(y * srcRow, rowLength), dst.Slice(y * dstRowStride, rowLength));
            }

            return;
        }

        // A ring of horizontally resized source rows: the taps of one target row are consecutive (clamped) source
        // rows, so row r can live in slot r mod taps, and rows only move forward as y grows.
        var ring = ArrayPool<float>.Shared.Rent(rowLength * taps);
        Span<int> held = stackalloc int[4];
        held.Fill(-1);
        try
        {
            for (var y = 0; y < Height; y++)
            {
                for (var k = 0; k < taps; k++)
                {
                    var r = rowTaps[(y * taps) + k];
                    var slot = r % taps;
                    if (held[slot] != r)
                    {
                        Horizontal(src.Slice(r * srcRow, srcRow), ring.AsSpan(slot * rowLength, rowLength));
                        held[slot] = r;
                    }
                }

                var target = dst.Slice(y * dstRowStride, rowLength);
                if (Bicubic)
                {
                    VerticalBicubic(ring, rowLength, y, target);
                }
                else
                {
                    var top = ring.AsSpan((rowTaps[2 * y] % 2) * rowLength, rowLength);
                    var bottom = ring.AsSpan((rowTaps[(2 * y) + 1] % 2) * rowLength, rowLength);
                    VerticalBilinear(top, bottom, rowWeights[y], target);
                }

                transform.Apply(target, target);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(ring);
        }
    }

    /// <summary>The source taps (clamped) and weights of target index <paramref name="i"/> along one axis; returns the weight count.</summary>
    private static int AxisTaps(int i, int srcSize, int dstSize, bool bicubic, bool alignCorners, Span<int> index, Span<float> weight)
    {
        if (!bicubic)
        {
            // Exactly ImageOps' former per-pixel arithmetic (float, half-pixel centres, clamped at 0).
            var scale = (float)srcSize / dstSize;
            var f = Math.Max(0f, ((i + 0.5f) * scale) - 0.5f);
            var i0 = Math.Min((int)f, srcSize - 1);
            index[0] = i0;
            index[1] = Math.Min(i0 + 1, srcSize - 1);
            weight[0] = f - i0;
            return 1;
        }

        var fi = alignCorners
            ? (dstSize > 1 ? i * (srcSize - 1f) / (dstSize - 1f) : 0f)
            : ((i + 0.5f) * srcSize / dstSize) - 0.5f;
        var floor = (int)MathF.Floor(fi);
        var t = fi - floor;
        const float A = -0.75f;
        static float Near(float x) => ((((A + 2) * x) - (A + 3)) * x * x) + 1;
        static float Far(float x) => ((((A * x) - (5 * A)) * x) + (8 * A)) * x - (4 * A);
        weight[0] = Far(t + 1);
        weight[1] = Near(t);
        weight[2] = Near(1 - t);
        weight[3] = Far(2 - t);
        for (var k = 0; k < 4; k++)
        {
            index[k] = Math.Clamp(floor - 1 + k, 0, srcSize - 1);
        }

        return 4;
    }

    private static void VerticalBilinear(ReadOnlySpan<float> top, ReadOnlySpan<float> bottom, float weight, Span<float> dst)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = new Vector<float>(weight);
            var n = Vector<float>.Count;
            for (; i <= dst.Length - n; i += n)
            {
                var t = new Vector<float>(top[i..]);
                var u = new Vector<float>(bottom[i..]);
                (t + ((u - t) * w)).CopyTo(dst[i..]);
            }
        }

        for (; i < dst.Length; i++)
        {
            dst[i] = top[i] + ((bottom[i] - top[i]) * weight);
        }
    }

    private void Horizontal(ReadOnlySpan<float> src, Span<float> dst)
    {
        if (Bicubic)
        {
            for (var j = 0; j < dst.Length; j++)
            {
                var k = j * 4;
                var sum = 0f;
                sum += columnWeights[k] * src[columnTaps[k]];
                sum += columnWeights[k + 1] * src[columnTaps[k + 1]];
                sum += columnWeights[k + 2] * src[columnTaps[k + 2]];
                sum += columnWeights[k + 3] * src[columnTaps[k + 3]];
                dst[j] = sum;
            }

            return;
        }

        for (var j = 0; j < dst.Length; j++)
        {
            var a = src[columnTaps[2 * j]];
            var b = src[columnTaps[(2 * j) + 1]];
            dst[j] = a + ((b - a) * columnWeights[j]);
        }
    }

    private void VerticalBicubic(float[] ring, int rowLength, int y, Span<float> dst)
    {
        var r0 = ring.AsSpan((rowTaps[4 * y] % 4) * rowLength, rowLength);
        var r1 = ring.AsSpan((rowTaps[(4 * y) + 1] % 4) * rowLength, rowLength);
        var r2 = ring.AsSpan((rowTaps[(4 * y) + 2] % 4) * rowLength, rowLength);
        var r3 = ring.AsSpan((rowTaps[(4 * y) + 3] % 4) * rowLength, rowLength);
        float w0 = rowWeights[4 * y], w1 = rowWeights[(4 * y) + 1], w2 = rowWeights[(4 * y) + 2], w3 = rowWeights[(4 * y) + 3];
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var n = Vector<float>.Count;
            Vector<float> v0 = new(w0), v1 = new(w1), v2 = new(w2), v3 = new(w3);
            for (; i <= dst.Length - n; i += n)
            {
                var sum = Vector<float>.Zero;
                sum += v0 * new Vector<float>(r0[i..]);
                sum += v1 * new Vector<float>(r1[i..]);
                sum += v2 * new Vector<float>(r2[i..]);
                sum += v3 * new Vector<float>(r3[i..]);
                sum.CopyTo(dst[i..]);
            }
        }

        for (; i < dst.Length; i++)
        {
            var sum = 0f;
            sum += w0 * r0[i];
            sum += w1 * r1[i];
            sum += w2 * r2[i];
            sum += w3 * r3[i];
            dst[i] = sum;
        }
    }
}
