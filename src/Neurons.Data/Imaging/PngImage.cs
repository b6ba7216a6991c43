namespace Neurons.Data.Imaging;

/// <summary>A decoded 8-bit PNG: row-major pixels with <see cref="Channels"/> interleaved samples each.</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Channels">1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA).</param>
/// <param name="Pixels">The samples.</param>
public sealed record PngImage(int Width, int Height, int Channels, byte[] Pixels)
{
    /// <summary>Returns a binary mask: a pixel is set when any colour sample (alpha excluded) is above <paramref name="threshold"/>.</summary>
    public bool[] ToMask(byte threshold = 0)
    {
        var colours = Channels is 2 or 4 ? Channels - 1 : Channels;
        var mask = new bool[Width * Height];
        for (var i = 0; i < mask.Length; i++)
        {
            for (var c = 0; c < colours; c++)
            {
                if (Pixels[(i * Channels) + c] > threshold)
                {
                    mask[i] = true;
                    break;
                }
            }
        }

        return mask;
    }
}
