namespace Neurons.Vision.Imaging;

/// <summary>
/// Image operations for model preprocessing, on float HWC buffers (RGB). Resizes use PyTorch's
/// conventions: bilinear with half-pixel centres (<c>align_corners=False</c>), bicubic with
/// <c>a = -0.75</c> and either corner convention; neither antialiases (frames are 224² and models
/// upsample them, where antialiasing has no effect).
/// </summary>
public static class ImageOps
{
    /// <summary>Converts RGB bytes to floats multiplied by <paramref name="scale"/> (1 keeps 0–255, 1/255 gives 0–1).</summary>
    public static float[] ToFloat(RgbImage image, float scale)
    {
        ArgumentNullException.ThrowIfNull(image);
        var src = image.Pixels.Span;
        var result = new float[src.Length];
        for (var i = 0; i < src.Length; i++)
        {
            result[i] = src[i] * scale;
        }

        return result;
    }

    /// <summary>Bilinear resize of a float HWC image with <paramref name="channels"/> channels (half-pixel centres, edge clamped).</summary>
    /// <remarks>Separable and vectorised (<see cref="ResizePlan"/>); bit-identical to the per-pixel formula.</remarks>
    public static float[] ResizeBilinear(ReadOnlySpan<float> src, int width, int height, int channels, int newWidth, int newHeight)
    {
        var dst = new float[newWidth * newHeight * channels];
        ResizePlan.Bilinear(width, height, newWidth, newHeight, channels).Resize(src, dst, newWidth * channels, PixelTransform.None);
        return dst;
    }

    /// <summary>Bicubic resize (Keys kernel, a = -0.75, as PyTorch) of a float HWC image.</summary>
    /// <remarks>Separable and vectorised (<see cref="ResizePlan"/>); bit-identical to the per-pixel formula.</remarks>
    public static float[] ResizeBicubic(ReadOnlySpan<float> src, int width, int height, int channels, int newWidth, int newHeight, bool alignCorners)
    {
        var dst = new float[newWidth * newHeight * channels];
        ResizePlan.BicubicOf(width, height, newWidth, newHeight, channels, alignCorners).Resize(src, dst, newWidth * channels, PixelTransform.None);
        return dst;
    }

    /// <summary>Splits RGB bytes into three float planes (R, G, B), each value × <paramref name="scale"/> (as <see cref="ToFloat"/>).</summary>
    internal static void ToPlanes(RgbImage image, float scale, Span<float> planes)
    {
        var src = image.Pixels.Span;
        var plane = image.Width * image.Height;
        var r = planes[..plane];
        var g = planes.Slice(plane, plane);
        var b = planes.Slice(2 * plane, plane);
        for (var i = 0; i < plane; i++)
        {
            r[i] = src[3 * i] * scale;
            g[i] = src[(3 * i) + 1] * scale;
            b[i] = src[(3 * i) + 2] * scale;
        }
    }

    /// <summary>
    /// The fused preprocessing of the ONNX wrappers: bytes × <paramref name="scale"/>, resized per channel with
    /// <paramref name="plan"/> (1 channel), each channel's <paramref name="transforms"/> applied, written channels-first
    /// into <paramref name="chw"/> whose planes are <paramref name="planeWidth"/> × <paramref name="planeHeight"/> (at
    /// least the plan's size; the rest of each plane is set to 0, SAM's padding). The same values as
    /// <see cref="ToFloat"/>, a resize and the transforms done one after another on HWC buffers.
    /// </summary>
    internal static void ResizeToChw(RgbImage image, float scale, ResizePlan plan, ReadOnlySpan<PixelTransform> transforms, Span<float> chw, int planeWidth, int planeHeight)
    {
        var plane = image.Width * image.Height;
        var planes = System.Buffers.ArrayPool<float>.Shared.Rent(3 * plane);
        try
        {
            ToPlanes(image, scale, planes);
            var target = planeWidth * planeHeight;
            for (var c = 0; c < 3; c++)
            {
                var dst = chw.Slice(c * target, target);
                plan.Resize(planes.AsSpan(c * plane, plane), dst, planeWidth, transforms[c]);
                if (plan.Width < planeWidth)
                {
                    for (var y = 0; y < plan.Height; y++)
                    {
                        dst.Slice((y * planeWidth) + plan.Width, planeWidth - plan.Width).Clear();
                    }
                }

                dst[(plan.Height * planeWidth)..].Clear();
            }
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(planes);
        }
    }

    /// <summary>
    /// Normalises a float HWC image into a CHW buffer: <c>(x − mean[c]) / std[c]</c> per channel.
    /// </summary>
    public static void NormalizeToChw(ReadOnlySpan<float> hwc, int width, int height, ReadOnlySpan<float> mean, ReadOnlySpan<float> std, Span<float> chw)
    {
        var plane = width * height;
        for (var i = 0; i < plane; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                chw[(c * plane) + i] = (hwc[(i * 3) + c] - mean[c]) / std[c];
            }
        }
    }
}
