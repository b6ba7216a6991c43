using System.Buffers.Binary;
using System.IO.Compression;

namespace Neurons.Annotation.Vlm;

/// <summary>
/// Writes 8-bit RGB images as PNG (IHDR, one zlib IDAT with the Sub filter on every row, IEND),
/// enough for sending clip frames to a VLM without an imaging dependency.
/// </summary>
internal static class PngEncoder
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Encodes <paramref name="rgb"/> (row-major, 3 bytes per pixel) as a PNG file.</summary>
    /// <exception cref="ArgumentException">The buffer length is not <c>width × height × 3</c>.</exception>
    public static byte[] EncodeRgb(ReadOnlySpan<byte> rgb, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var stride = width * 3;
        if (rgb.Length != stride * height)
        {
            throw new ArgumentException($"expected {stride * height} RGB bytes for {width}×{height}, got {rgb.Length}", nameof(rgb));
        }

        using var output = new MemoryStream((rgb.Length / 2) + 1024);
        output.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: truecolour
        header[10] = 0; // deflate
        header[11] = 0; // adaptive filtering
        header[12] = 0; // no interlace
        WriteChunk(output, "IHDR"u8, header);

        WriteChunk(output, "IDAT"u8, Deflate(rgb, stride, height));
        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    private static byte[] Deflate(ReadOnlySpan<byte> rgb, int stride, int height)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            var line = new byte[stride + 1];
            line[0] = 1; // Sub: each byte minus the same channel of the pixel to its left
            for (var y = 0; y < height; y++)
            {
                var row = rgb.Slice(y * stride, stride);
                for (var x = 0; x < stride; x++)
                {
                    line[x + 1] = x < 3 ? row[x] : unchecked((byte)(row[x] - row[x - 3]));
                }

                zlib.Write(line);
            }
        }

        return compressed.ToArray();
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        var crc = Crc32.Update(Crc32.Update(0xFFFFFFFFu, type), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        output.Write(word);
    }
}
