namespace Neurons.Testing.Vision;

/// <summary>
/// The test oracle (and the "before" side of the wrapper benchmark) for <c>Neurons.Vision.Imaging.ImageOps</c>'s
/// resizes: the per-pixel loops they replaced (PyTorch conventions: bilinear with half-pixel centres, bicubic with
/// a = −0.75), kept verbatim. The separable, vectorised resizes must give the same floats bit for bit.
/// </summary>
public static class StraightforwardResize
{
    /// <summary>Bilinear resize of a float HWC image with <paramref name="channels"/> channels (half-pixel centres, edge clamped).</summary>
    public static float[] ResizeBilinear(ReadOnlySpan<float> src, int width, int height, int channels, int newWidth, int newHeight)
    {
        var dst = new float[newWidth * newHeight * channels];
        if (newWidth == width && newHeight == height)
        {
            src.CopyTo(dst);
            return dst;
        }

        // Column taps are the same for every row: compute them once.
        var x0s = new int[newWidth];
        var x1s = new int[newWidth];
        var wxs = new float[newWidth];
        var sx = (float)width / newWidth;
        for (var x = 0; x < newWidth; x++)
        {
            var fx = Math.Max(0f, ((x + 0.5f) * sx) - 0.5f);
            var x0 = Math.Min((int)fx, width - 1);
            x0s[x] = x0 * channels;
            x1s[x] = Math.Min(x0 + 1, width - 1) * channels;
            wxs[x] = fx - x0;
        }

        var sy = (float)height / newHeight;
        var rowStride = width * channels;
        for (var y = 0; y < newHeight; y++)
        {
            var fy = Math.Max(0f, ((y + 0.5f) * sy) - 0.5f);
            var y0 = Math.Min((int)fy, height - 1);
            var wy = fy - y0;
            var top = src.Slice(y0 * rowStride, rowStride);
            var bottom = src.Slice(Math.Min(y0 + 1, height - 1) * rowStride, rowStride);
            var o = y * newWidth * channels;
            for (var x = 0; x < newWidth; x++)
            {
                int a = x0s[x], b = x1s[x];
                var wx = wxs[x];
                for (var c = 0; c < channels; c++)
                {
                    var t = top[a + c] + ((top[b + c] - top[a + c]) * wx);
                    var u = bottom[a + c] + ((bottom[b + c] - bottom[a + c]) * wx);
                    dst[o++] = t + ((u - t) * wy);
                }
            }
        }

        return dst;
    }

    /// <summary>Bicubic resize (Keys kernel, a = -0.75, as PyTorch) of a float HWC image.</summary>
    public static float[] ResizeBicubic(ReadOnlySpan<float> src, int width, int height, int channels, int newWidth, int newHeight, bool alignCorners)
    {
        var dst = new float[newWidth * newHeight * channels];
        if (newWidth == width && newHeight == height)
        {
            src.CopyTo(dst);
            return dst;
        }

        Span<float> wxs = stackalloc float[4];
        Span<float> wys = stackalloc float[4];
        for (var y = 0; y < newHeight; y++)
        {
            var fy = SourceCoordinate(y, height, newHeight, alignCorners);
            var iy = (int)MathF.Floor(fy);
            CubicWeights(fy - iy, wys);
            for (var x = 0; x < newWidth; x++)
            {
                var fx = SourceCoordinate(x, width, newWidth, alignCorners);
                var ix = (int)MathF.Floor(fx);
                CubicWeights(fx - ix, wxs);
                for (var c = 0; c < channels; c++)
                {
                    var sum = 0f;
                    for (var m = 0; m < 4; m++)
                    {
                        var yy = Math.Clamp(iy - 1 + m, 0, height - 1);
                        var row = 0f;
                        for (var n = 0; n < 4; n++)
                        {
                            var xx = Math.Clamp(ix - 1 + n, 0, width - 1);
                            row += wxs[n] * src[(((yy * width) + xx) * channels) + c];
                        }

                        sum += wys[m] * row;
                    }

                    dst[(((y * newWidth) + x) * channels) + c] = sum;
                }
            }
        }

        return dst;
    }

    private static float SourceCoordinate(int dst, int srcSize, int dstSize, bool alignCorners) =>
        alignCorners
            ? (dstSize > 1 ? dst * (srcSize - 1f) / (dstSize - 1f) : 0f)
            : ((dst + 0.5f) * srcSize / dstSize) - 0.5f;

    private static void CubicWeights(float t, Span<float> w)
    {
        const float A = -0.75f;
        static float Near(float x) => ((((A + 2) * x) - (A + 3)) * x * x) + 1;
        static float Far(float x) => ((((A * x) - (5 * A)) * x) + (8 * A)) * x - (4 * A);
        w[0] = Far(t + 1);
        w[1] = Near(t);
        w[2] = Near(1 - t);
        w[3] = Far(2 - t);
    }
}
