using Neurons.Vision.Imaging;

namespace Neurons.Generation.Video;

/// <summary>Pixel conversions between the tables' RGB bytes and the graphs' float CHW images.</summary>
public static class FramePixels
{
    /// <summary>Frame <paramref name="index"/> of frame-major HWC bytes as CHW floats in [0,1], bilinearly resized from <paramref name="size"/>² to <paramref name="newSize"/>² (torchvision <c>Resize</c> on tensors: half-pixel centres).</summary>
    public static float[] ToChw(ReadOnlySpan<byte> frames, int index, int size, int newSize)
    {
        var plane = size * size;
        var hwc = new float[plane * 3];
        var src = frames.Slice(index * plane * 3, plane * 3);
        for (var i = 0; i < hwc.Length; i++)
        {
            hwc[i] = src[i] / 255f;
        }

        var resized = ImageOps.ResizeBilinear(hwc, size, size, 3, newSize, newSize);
        return HwcToChw(resized, newSize * newSize);
    }

    /// <summary>Reorders HWC to CHW.</summary>
    public static float[] HwcToChw(ReadOnlySpan<float> hwc, int plane)
    {
        var chw = new float[plane * 3];
        for (var p = 0; p < plane; p++)
        {
            for (var c = 0; c < 3; c++)
            {
                chw[(c * plane) + p] = hwc[(p * 3) + c];
            }
        }

        return chw;
    }

    /// <summary>
    /// Maps raw decoder output CHW to HWC bytes: v = clamp(<paramref name="scale"/>·x + <paramref name="shift"/>, 0, 1),
    /// then ⌊255·v⌋ (the reference's <c>(x·255).astype(uint8)</c> truncates).
    /// </summary>
    public static void ToBytes(ReadOnlySpan<float> chw, int plane, float scale, float shift, Span<byte> hwc)
    {
        for (var p = 0; p < plane; p++)
        {
            for (var c = 0; c < 3; c++)
            {
                var v = Math.Clamp((scale * chw[(c * plane) + p]) + shift, 0f, 1f);
                hwc[(p * 3) + c] = (byte)(v * 255f);
            }
        }
    }

    /// <summary>
    /// The per-pixel keyframe weight: each frame's mask as m' = 1 (object) or 0.5 (background), averaged over the
    /// frames, nearest-resized (PyTorch's <c>floor(dst·in/out)</c>) from <paramref name="maskSize"/>² to <paramref name="newSize"/>².
    /// </summary>
    public static float[] MeanMaskWeight(ReadOnlySpan<byte> masks, int frames, int maskSize, int newSize)
    {
        var plane = maskSize * maskSize;
        if (masks.Length != frames * plane)
        {
            throw new ArgumentException($"masks hold {masks.Length} bytes, expected {frames}×{maskSize}² = {frames * plane}", nameof(masks));
        }

        var mean = new float[plane];
        for (var f = 0; f < frames; f++)
        {
            for (var p = 0; p < plane; p++)
            {
                mean[p] += (masks[(f * plane) + p] != 0 ? 1f : 0.5f) / frames;
            }
        }

        var result = new float[newSize * newSize];
        for (var y = 0; y < newSize; y++)
        {
            var sy = Math.Min(maskSize - 1, (int)Math.Floor(y * (double)maskSize / newSize));
            for (var x = 0; x < newSize; x++)
            {
                var sx = Math.Min(maskSize - 1, (int)Math.Floor(x * (double)maskSize / newSize));
                result[(y * newSize) + x] = mean[(sy * maskSize) + sx];
            }
        }

        return result;
    }
}
