using Neurons.Data.Tables;

namespace Neurons.Model.Inference;

/// <summary>The blurry frames' bytes from the VAE decoder's images: [0, 1] planar RGB → the <c>clips.frames</c> layout.</summary>
public static class BlurryFramePixels
{
    /// <summary>Returns one byte array per clip (frames × H × W × RGB), each value round(x · 255), halves away from zero.</summary>
    /// <param name="images">The decoder's output, [clips · frames, 3, H, W] in [0, 1], clip-major.</param>
    /// <param name="clips">The number of clips.</param>
    /// <param name="height">H.</param>
    /// <param name="width">W.</param>
    /// <exception cref="ArgumentException">The image count does not match.</exception>
    public static List<byte[]> FromImages(ReadOnlySpan<float> images, int clips, int height, int width)
    {
        const int Frames = ClipRow.FrameCount;
        var plane = height * width;
        if (images.Length != (long)clips * Frames * 3 * plane)
        {
            throw new ArgumentException($"{images.Length} values are not {clips} clips × {Frames} frames × 3 × {height} × {width}", nameof(images));
        }

        var result = new List<byte[]>(clips);
        for (var c = 0; c < clips; c++)
        {
            var bytes = new byte[Frames * plane * 3];
            for (var f = 0; f < Frames; f++)
            {
                var image = ((c * Frames) + f) * 3 * plane;
                for (var p = 0; p < plane; p++)
                {
                    for (var ch = 0; ch < 3; ch++)
                    {
                        bytes[(((f * plane) + p) * 3) + ch] = (byte)Math.Round(images[image + (ch * plane) + p] * 255f, MidpointRounding.AwayFromZero);
                    }
                }
            }

            result.Add(bytes);
        }

        return result;
    }
}
