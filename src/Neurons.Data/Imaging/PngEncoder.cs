using System.Buffers.Binary;
using System.IO.Compression;

namespace Neurons.Data.Imaging;

/// <summary>Writes 8-bit PNGs (gray, gray + alpha, RGB, RGBA) with one chosen row filter (0–4): mask exports and test files.</summary>
public static class PngEncoder
{
    /// <summary>Encodes <paramref name="pixels"/> (row-major, <paramref name="channels"/> samples per pixel: 1, 2, 3 or 4).</summary>
    /// <param name="width">The image width.</param>
    /// <param name="height">The image height.</param>
    /// <param name="channels">Samples per pixel.</param>
    /// <param name="pixels">The samples.</param>
    /// <param name="filter">The row filter (0–4) of every row.</param>
    /// <param name="compression">The zlib level: <see cref="CompressionLevel.Optimal"/> by default; the report's thumbnails use <see cref="CompressionLevel.Fastest"/>.</param>
    public static byte[] Encode(int width, int height, int channels, byte[] pixels, int filter = 0, CompressionLevel compression = CompressionLevel.Optimal)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != width * height * channels)
        {
            throw new ArgumentException($"expected {width * height * channels} bytes for {width}x{height}x{channels}, got {pixels.Length}", nameof(pixels));
        }

        var colourType = channels switch { 1 => 0, 2 => 4, 3 => 2, 4 => 6, _ => throw new ArgumentOutOfRangeException(nameof(channels)) };
        var stride = width * channels;
        var raw = new byte[(stride + 1) * height];
        for (var y = 0; y < height; y++)
        {
            raw[y * (stride + 1)] = (byte)filter;
            for (var x = 0; x < stride; x++)
            {
                int a = x >= channels ? pixels[(y * stride) + x - channels] : 0;
                int b = y > 0 ? pixels[((y - 1) * stride) + x] : 0;
                int c = x >= channels && y > 0 ? pixels[((y - 1) * stride) + x - channels] : 0;
                var predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) >> 1,
                    4 => Paeth(a, b, c),
                    _ => throw new ArgumentOutOfRangeException(nameof(filter)),
                };
                raw[(y * (stride + 1)) + 1 + x] = (byte)(pixels[(y * stride) + x] - predictor);
            }
        }

        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, compression, leaveOpen: true))
        {
            z.Write(raw);
        }

        using var png = new MemoryStream();
        png.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = (byte)colourType;
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>Writes a 0/255 grayscale mask PNG.</summary>
    public static void WriteMask(string path, int width, int height, Func<int, int, bool> inside)
    {
        ArgumentNullException.ThrowIfNull(inside);
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                pixels[(y * width) + x] = inside(x, y) ? (byte)255 : (byte)0;
            }
        }

        File.WriteAllBytes(path, Encode(width, height, 1, pixels));
    }

    private static void Chunk(Stream s, string type, byte[] body)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, body.Length);
        s.Write(len);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        s.Write(typeBytes);
        s.Write(body);
        BinaryPrimitives.WriteUInt32BigEndian(len, Crc32([.. typeBytes, .. body]));
        s.Write(len);
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
