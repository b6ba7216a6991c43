using System.IO.Compression;
using Neurons.Data.Imaging;

namespace Neurons.Data.Tables;

/// <summary>
/// Converts between raw pixels and the PNG <see cref="TableImage"/> cells of the tables: RGB frames (8-bit RGB
/// PNGs) and masks (8-bit gray PNGs, 0 or 255). PNG is lossless, so pixels read back exactly as written.
/// </summary>
public static class TableImages
{
    /// <summary>Encodes one RGB image (row, column, channel bytes).</summary>
    public static TableImage FromRgb(ReadOnlySpan<byte> rgb, int width, int height) =>
        new() { Bytes = PngEncoder.Encode(width, height, 3, rgb.ToArray(), filter: 4, compression: CompressionLevel.Fastest) };

    /// <summary>Encodes frame-major RGB frames (frame, row, column, channel) as one image per frame.</summary>
    public static List<TableImage> FromRgbFrames(ReadOnlySpan<byte> rgb, int width, int height)
    {
        var plane = width * height * 3;
        if (plane <= 0 || rgb.Length % plane != 0)
        {
            throw new ArgumentException($"RGB frames of {width}x{height}: {rgb.Length} bytes is not a whole number of {plane}-byte frames", nameof(rgb));
        }

        var frames = new List<TableImage>(rgb.Length / plane);
        for (var offset = 0; offset < rgb.Length; offset += plane)
        {
            frames.Add(FromRgb(rgb.Slice(offset, plane), width, height));
        }

        return frames;
    }

    /// <summary>Decodes one RGB image to row, column, channel bytes, checking its size.</summary>
    /// <param name="image">The cell.</param>
    /// <param name="width">The expected width.</param>
    /// <param name="height">The expected height.</param>
    /// <param name="what">What the cell is (table, column, row), for the error message.</param>
    public static byte[] ToRgb(TableImage image, int width, int height, string what)
    {
        var png = Decode(image, width, height, what);
        if (png.Channels != 3)
        {
            throw new InvalidDataException($"{what}: expected an RGB PNG, got {png.Channels} channel(s)");
        }

        return png.Pixels;
    }

    /// <summary>Decodes RGB frames back to frame-major bytes (frame, row, column, channel).</summary>
    public static byte[] ToRgbFrames(IReadOnlyList<TableImage> frames, int width, int height, string what)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var plane = width * height * 3;
        var rgb = new byte[frames.Count * plane];
        for (var f = 0; f < frames.Count; f++)
        {
            ToRgb(frames[f], width, height, $"{what} frame {f}").CopyTo(rgb, f * plane);
        }

        return rgb;
    }

    /// <summary>Encodes a boolean mask (row-major) as a gray PNG, 255 where set.</summary>
    public static TableImage FromMask(ReadOnlySpan<bool> mask, int width, int height)
    {
        var pixels = new byte[mask.Length];
        for (var i = 0; i < mask.Length; i++)
        {
            pixels[i] = mask[i] ? (byte)255 : (byte)0;
        }

        return Gray(pixels, width, height);
    }

    /// <summary>Encodes 0/1 mask bytes (row-major; any non-zero counts as set) as a gray PNG, 255 where set.</summary>
    public static TableImage FromMaskBytes(ReadOnlySpan<byte> mask, int width, int height)
    {
        var pixels = new byte[mask.Length];
        for (var i = 0; i < mask.Length; i++)
        {
            pixels[i] = mask[i] != 0 ? (byte)255 : (byte)0;
        }

        return Gray(pixels, width, height);
    }

    /// <summary>Decodes a mask image: true where the gray sample is above 0.</summary>
    public static bool[] ToMask(TableImage image, int width, int height, string what)
    {
        var png = Decode(image, width, height, what);
        return png.ToMask();
    }

    /// <summary>Decodes mask frames to frame-major 0/1 bytes (frame, row, column).</summary>
    public static byte[] ToMaskBytes(IReadOnlyList<TableImage> frames, int width, int height, string what)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var plane = width * height;
        var bytes = new byte[frames.Count * plane];
        for (var f = 0; f < frames.Count; f++)
        {
            var mask = ToMask(frames[f], width, height, $"{what} frame {f}");
            for (var i = 0; i < plane; i++)
            {
                bytes[(f * plane) + i] = mask[i] ? (byte)1 : (byte)0;
            }
        }

        return bytes;
    }

    private static TableImage Gray(byte[] pixels, int width, int height) =>
        new() { Bytes = PngEncoder.Encode(width, height, 1, pixels, filter: 2, compression: CompressionLevel.Fastest) };

    private static PngImage Decode(TableImage image, int width, int height, string what)
    {
        ArgumentNullException.ThrowIfNull(image);
        var png = PngDecoder.Decode(image.Bytes, what);
        if (png.Width != width || png.Height != height)
        {
            throw new InvalidDataException($"{what}: the PNG is {png.Width}x{png.Height}, the row says {width}x{height}");
        }

        return png;
    }
}
