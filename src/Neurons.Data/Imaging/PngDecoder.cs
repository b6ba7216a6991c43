using System.Buffers.Binary;
using System.IO.Compression;

namespace Neurons.Data.Imaging;

/// <summary>
/// Decodes non-interlaced 8-bit PNGs of colour type gray (0), RGB (2), gray + alpha (4) and RGBA (6),
/// all five row filters (none, sub, up, average, Paeth). Enough for mask files; anything else fails
/// with one line naming the file and the unsupported feature.
/// </summary>
public static class PngDecoder
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>Decodes the PNG file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a PNG this decoder supports.</exception>
    public static PngImage Decode(string path) => Decode(File.ReadAllBytes(path), Path.GetFileName(path));

    /// <summary>Decodes PNG bytes; <paramref name="name"/> is used in error messages.</summary>
    public static PngImage Decode(ReadOnlySpan<byte> data, string name = "png")
    {
        if (data.Length < 8 || !data[..8].SequenceEqual(Signature))
        {
            throw new InvalidDataException($"{name}: not a PNG file (bad signature)");
        }

        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        var offset = 8;
        var sawHeader = false;
        while (offset + 8 <= data.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(data[offset..]);
            var type = System.Text.Encoding.ASCII.GetString(data.Slice(offset + 4, 4));
            if (length < 0 || offset + 12 + length > data.Length)
            {
                throw new InvalidDataException($"{name}: chunk '{type}' is truncated");
            }

            var body = data.Slice(offset + 8, length);
            switch (type)
            {
                case "IHDR":
                    (width, height, channels) = ReadHeader(body, name);
                    sawHeader = true;
                    break;
                case "IDAT":
                    idat.Write(body);
                    break;
                case "IEND":
                    offset = data.Length;
                    continue;
            }

            offset += 12 + length;
        }

        if (!sawHeader)
        {
            throw new InvalidDataException($"{name}: no IHDR chunk");
        }

        var stride = width * channels;
        var raw = new byte[(stride + 1) * height];
        idat.Position = 0;
        using (var z = new ZLibStream(idat, CompressionMode.Decompress))
        {
            var read = 0;
            while (read < raw.Length)
            {
                var n = z.Read(raw, read, raw.Length - read);
                if (n == 0)
                {
                    throw new InvalidDataException($"{name}: image data ends after {read} of {raw.Length} bytes");
                }

                read += n;
            }
        }

        return new PngImage(width, height, channels, Unfilter(raw, width, height, channels, name));
    }

    private static (int Width, int Height, int Channels) ReadHeader(ReadOnlySpan<byte> body, string name)
    {
        if (body.Length < 13)
        {
            throw new InvalidDataException($"{name}: IHDR is too short");
        }

        var width = BinaryPrimitives.ReadInt32BigEndian(body);
        var height = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
        int bitDepth = body[8], colourType = body[9], interlace = body[12];
        if (bitDepth != 8)
        {
            throw new InvalidDataException($"{name}: bit depth {bitDepth} is not supported (8 only)");
        }

        if (interlace != 0)
        {
            throw new InvalidDataException($"{name}: interlaced PNGs are not supported");
        }

        var channels = colourType switch
        {
            0 => 1,
            2 => 3,
            4 => 2,
            6 => 4,
            _ => throw new InvalidDataException($"{name}: colour type {colourType} is not supported (gray, RGB, gray+alpha, RGBA only)"),
        };
        if (width <= 0 || height <= 0 || (long)width * height * channels > int.MaxValue / 2)
        {
            throw new InvalidDataException($"{name}: size {width}x{height} is not supported");
        }

        return (width, height, channels);
    }

    private static byte[] Unfilter(byte[] raw, int width, int height, int bpp, string name)
    {
        var stride = width * bpp;
        var pixels = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var src = raw.AsSpan((y * (stride + 1)) + 1, stride);
            var row = pixels.AsSpan(y * stride, stride);
            var prior = y > 0 ? pixels.AsSpan((y - 1) * stride, stride) : Span<byte>.Empty;
            for (var x = 0; x < stride; x++)
            {
                int a = x >= bpp ? row[x - bpp] : 0;
                int b = y > 0 ? prior[x] : 0;
                int c = x >= bpp && y > 0 ? prior[x - bpp] : 0;
                var predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) >> 1,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"{name}: row {y} has unknown filter type {filter}"),
                };
                row[x] = (byte)(src[x] + predictor);
            }
        }

        return pixels;
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
