namespace Neurons.Vision.Imaging;

/// <summary>Operations on binary masks (row-major <see cref="bool"/> arrays).</summary>
public static class MaskOps
{
    /// <summary>Nearest-neighbour resize (source pixel = floor(dst × src / dst size), as PyTorch's <c>nearest</c>).</summary>
    public static bool[] ResizeNearest(bool[] mask, int width, int height, int newWidth, int newHeight)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (width == newWidth && height == newHeight)
        {
            return (bool[])mask.Clone();
        }

        var result = new bool[newWidth * newHeight];
        for (var y = 0; y < newHeight; y++)
        {
            var sy = Math.Min(height - 1, (int)((long)y * height / newHeight));
            for (var x = 0; x < newWidth; x++)
            {
                var sx = Math.Min(width - 1, (int)((long)x * width / newWidth));
                result[(y * newWidth) + x] = mask[(sy * width) + sx];
            }
        }

        return result;
    }

    /// <summary>The tight box around the set pixels, as pixel edges (x2, y2 exclusive); all zero for an empty mask.</summary>
    public static PixelBox BoundingBox(bool[] mask, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(mask);
        int x1 = width, y1 = height, x2 = -1, y2 = -1;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (mask[(y * width) + x])
                {
                    x1 = Math.Min(x1, x);
                    y1 = Math.Min(y1, y);
                    x2 = Math.Max(x2, x);
                    y2 = Math.Max(y2, y);
                }
            }
        }

        return x2 < 0 ? default : new PixelBox(x1, y1, x2 + 1, y2 + 1);
    }
}
