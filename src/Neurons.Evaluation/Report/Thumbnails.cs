using System.IO.Compression;
using Neurons.Data.Imaging;

namespace Neurons.Evaluation.Report;

/// <summary>The gallery's small PNG strips: six frames side by side, box-averaged down to a fixed size.</summary>
internal static class Thumbnails
{
    /// <summary>The side of one frame in a strip.</summary>
    public const int Side = 96;

    private const int Frames = 6;

    /// <summary>Encodes the six RGB frames as one strip, each frame box-averaged to <see cref="Side"/>².</summary>
    public static byte[] RgbStrip(ReadOnlySpan<byte> frames, int width, int height) =>
        Encode(3, Strip(frames, width, height));

    /// <summary>Encodes the strip with the masks (6 × mw × mh, non-zero inside) tinted red over the frames.</summary>
    public static byte[] OverlayStrip(ReadOnlySpan<byte> frames, int width, int height, ReadOnlySpan<byte> masks, int maskWidth, int maskHeight)
    {
        var strip = Strip(frames, width, height);
        for (var f = 0; f < Frames; f++)
        {
            for (var y = 0; y < Side; y++)
            {
                for (var x = 0; x < Side; x++)
                {
                    var mx = x * maskWidth / Side;
                    var my = y * maskHeight / Side;
                    if (masks[(f * maskWidth * maskHeight) + (my * maskWidth) + mx] == 0)
                    {
                        continue;
                    }

                    var o = ((y * Side * Frames) + (f * Side) + x) * 3;
                    strip[o] = (byte)((strip[o] + 255) / 2);
                    strip[o + 1] = (byte)(strip[o + 1] / 2);
                    strip[o + 2] = (byte)(strip[o + 2] / 2);
                }
            }
        }

        return Encode(3, strip);
    }

    /// <summary>Encodes six masks (6 × size², non-zero inside) as a white-on-black strip.</summary>
    public static byte[] MaskStrip(ReadOnlySpan<byte> masks, int size)
    {
        var strip = new byte[Side * Frames * Side];
        for (var f = 0; f < Frames; f++)
        {
            for (var y = 0; y < Side; y++)
            {
                for (var x = 0; x < Side; x++)
                {
                    strip[(y * Side * Frames) + (f * Side) + x] = masks[(f * size * size) + (y * size / Side * size) + (x * size / Side)] != 0 ? (byte)255 : (byte)0;
                }
            }
        }

        return Encode(1, strip);
    }

    // Sub filter and the fastest zlib level: a strip encodes in about a millisecond, a little larger than optimal.
    private static byte[] Encode(int channels, byte[] strip) =>
        PngEncoder.Encode(Side * Frames, Side, channels, strip, filter: 1, compression: CompressionLevel.Fastest);

    private static byte[] Strip(ReadOnlySpan<byte> frames, int width, int height)
    {
        var expected = Frames * width * height * 3;
        if (frames.Length != expected)
        {
            throw new ArgumentException($"expected {Frames} x {width} x {height} x 3 = {expected} bytes of frames, got {frames.Length}", nameof(frames));
        }

        var strip = new byte[Side * Frames * Side * 3];
        Span<int> sum = stackalloc int[3];
        for (var f = 0; f < Frames; f++)
        {
            var frame = frames.Slice(f * width * height * 3, width * height * 3);
            for (var y = 0; y < Side; y++)
            {
                int y0 = y * height / Side, y1 = Math.Max(y0 + 1, (y + 1) * height / Side);
                for (var x = 0; x < Side; x++)
                {
                    int x0 = x * width / Side, x1 = Math.Max(x0 + 1, (x + 1) * width / Side);
                    sum.Clear();
                    for (var sy = y0; sy < y1; sy++)
                    {
                        for (var sx = x0; sx < x1; sx++)
                        {
                            var i = ((sy * width) + sx) * 3;
                            sum[0] += frame[i];
                            sum[1] += frame[i + 1];
                            sum[2] += frame[i + 2];
                        }
                    }

                    var n = (y1 - y0) * (x1 - x0);
                    var o = ((y * Side * Frames) + (f * Side) + x) * 3;
                    for (var c = 0; c < 3; c++)
                    {
                        strip[o + c] = (byte)((sum[c] + (n / 2)) / n);
                    }
                }
            }
        }

        return strip;
    }
}
