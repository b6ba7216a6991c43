using System.IO.Compression;
using Neurons.Data.Imaging;

namespace Neurons.Evaluation.Report;

/// <summary>
/// The gallery's small PNG strips: six frames side by side at <see cref="Side"/>² each. A thumbnail pixel averages the
/// 2 × 2 source pixels at the centre of its box (the whole box when the frame is twice the side), so a strip costs
/// a few reads per pixel however large the frames; colours are rounded to multiples of 4, which takes the sensor
/// noise out of the low bits and lets the strips compress.
/// </summary>
internal static class Thumbnails
{
    /// <summary>The side of one frame in a strip.</summary>
    public const int Side = 64;

    private const int Frames = 6;

    /// <summary>Encodes the six RGB frames as one strip.</summary>
    public static byte[] RgbStrip(ReadOnlySpan<byte> frames, int width, int height) =>
        Encode(3, Strip(frames, width, height));

    /// <summary>
    /// Encodes the masks (6 × mw × mh, non-zero inside) as a strip to lay over <see cref="RgbStrip"/>: half-transparent
    /// red inside, fully transparent outside (RGBA), so the overlay costs no second copy of the frames.
    /// </summary>
    public static byte[] OverlayStrip(ReadOnlySpan<byte> masks, int maskWidth, int maskHeight)
    {
        var expected = Frames * maskWidth * maskHeight;
        if (masks.Length != expected)
        {
            throw new ArgumentException($"expected {Frames} x {maskWidth} x {maskHeight} = {expected} mask bytes, got {masks.Length}", nameof(masks));
        }

        var strip = new byte[Side * Frames * Side * 4];
        for (var f = 0; f < Frames; f++)
        {
            for (var y = 0; y < Side; y++)
            {
                var my = y * maskHeight / Side;
                for (var x = 0; x < Side; x++)
                {
                    if (masks[(f * maskWidth * maskHeight) + (my * maskWidth) + (x * maskWidth / Side)] == 0)
                    {
                        continue;
                    }

                    var o = ((y * Side * Frames) + (f * Side) + x) * 4;
                    strip[o] = 255;
                    strip[o + 3] = 128;
                }
            }
        }

        return Encode(4, strip);
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

    // Sub filter and the fastest zlib level.
    private static byte[] Encode(int channels, byte[] strip) =>
        PngEncoder.Encode(Side * Frames, Side, channels, strip, filter: 1, compression: CompressionLevel.Fastest);

    private static byte[] Strip(ReadOnlySpan<byte> frames, int width, int height)
    {
        var expected = Frames * width * height * 3;
        if (frames.Length != expected)
        {
            throw new ArgumentException($"expected {Frames} x {width} x {height} x 3 = {expected} bytes of frames, got {frames.Length}", nameof(frames));
        }

        // The two source rows/columns at the centre of each thumbnail pixel's box (one when the box is one pixel wide).
        var xs = Taps(width);
        var ys = Taps(height);
        var strip = new byte[Side * Frames * Side * 3];
        for (var f = 0; f < Frames; f++)
        {
            var frame = frames.Slice(f * width * height * 3, width * height * 3);
            for (var y = 0; y < Side; y++)
            {
                var (ya, yb) = ys[y];
                for (var x = 0; x < Side; x++)
                {
                    var (xa, xb) = xs[x];
                    int a = ((ya * width) + xa) * 3, b = ((ya * width) + xb) * 3, c = ((yb * width) + xa) * 3, d = ((yb * width) + xb) * 3;
                    var o = ((y * Side * Frames) + (f * Side) + x) * 3;
                    for (var ch = 0; ch < 3; ch++)
                    {
                        var mean = (frame[a + ch] + frame[b + ch] + frame[c + ch] + frame[d + ch] + 2) / 4;
                        strip[o + ch] = (byte)Math.Min(252, (mean + 2) & ~3);
                    }
                }
            }
        }

        return strip;
    }

    private static (int A, int B)[] Taps(int size)
    {
        var taps = new (int, int)[Side];
        for (var i = 0; i < Side; i++)
        {
            int start = i * size / Side, end = Math.Max(start + 1, (i + 1) * size / Side);
            var b = (start + end) / 2;
            var a = Math.Max(start, b - 1);
            taps[i] = (a, Math.Min(b, size - 1));
        }

        return taps;
    }
}
