namespace Neurons.Evaluation.Segmentation;

/// <summary>Nearest-neighbour mask resizing as <c>torch.nn.functional.interpolate(mode='nearest')</c>: source index ⌊dst·in/out⌋.</summary>
public static class MaskResize
{
    /// <summary>The mask side NEURONS evaluates Dice at.</summary>
    public const int EvaluationSize = 64;

    /// <summary>Resizes a row-major mask.</summary>
    /// <exception cref="ArgumentException">The mask is not width × height.</exception>
    public static bool[] Nearest(ReadOnlySpan<bool> mask, int width, int height, int outWidth, int outHeight)
    {
        if (mask.Length != width * height)
        {
            throw new ArgumentException($"{mask.Length} mask values for {width}×{height}", nameof(mask));
        }

        var result = new bool[outWidth * outHeight];
        var sy = (double)height / outHeight;
        var sx = (double)width / outWidth;
        for (var y = 0; y < outHeight; y++)
        {
            var srcY = Math.Min((int)Math.Floor(y * sy), height - 1);
            for (var x = 0; x < outWidth; x++)
            {
                var srcX = Math.Min((int)Math.Floor(x * sx), width - 1);
                result[(y * outWidth) + x] = mask[(srcY * width) + srcX];
            }
        }

        return result;
    }
}
