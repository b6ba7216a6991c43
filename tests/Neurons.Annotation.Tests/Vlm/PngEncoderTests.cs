using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Neurons.Annotation.Vlm;

namespace Neurons.Annotation.Tests.Vlm;

public sealed class PngEncoderTests
{
    [Fact]
    public void Crc32_OfCheckString_IsTheStandardCheckValue()
    {
        // Given the CRC-32 check input "123456789"
        // When its CRC is computed
        var crc = Crc32.Compute("123456789"u8);

        // Then it is the catalogued check value of CRC-32/ISO-HDLC
        Assert.Equal(0xCBF43926u, crc);
    }

    [Fact]
    public void EncodeRgb_WhenDecodedByTheSpec_GivesBackTheSamePixels()
    {
        // Given a 5×3 RGB image with every byte different
        const int width = 5, height = 3;
        var rgb = Enumerable.Range(0, width * height * 3).Select(i => (byte)((i * 37) + 11)).ToArray();

        // When it is encoded
        var png = PngEncoder.EncodeRgb(rgb, width, height);

        // Then the file has the PNG signature, IHDR/IDAT/IEND chunks with valid CRCs, and its IDAT
        // inflates and un-filters to the original bytes
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var chunks = ReadChunks(png);
        Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Select(c => c.Type));
        var ihdr = chunks[0].Data;
        Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(ihdr));
        Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(ihdr.AsSpan(4)));
        Assert.Equal(new byte[] { 8, 2, 0, 0, 0 }, ihdr[8..]);
        Assert.Equal(rgb, Unfilter(Inflate(chunks[1].Data), width, height));
    }

    [Fact]
    public void EncodeRgb_WhenBufferLengthIsWrong_Throws()
    {
        // Given a buffer one byte short of 4×4×3
        var rgb = new byte[(4 * 4 * 3) - 1];

        // When / Then encoding refuses it
        Assert.Throws<ArgumentException>(() => PngEncoder.EncodeRgb(rgb, 4, 4));
    }

    private static List<(string Type, byte[] Data)> ReadChunks(byte[] png)
    {
        var chunks = new List<(string, byte[])>();
        var at = 8;
        while (at < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var typeAndData = png.AsSpan(at + 4, 4 + length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            Assert.Equal(Crc32.Compute(typeAndData), crc);
            chunks.Add((Encoding.ASCII.GetString(typeAndData[..4]), typeAndData[4..].ToArray()));
            at += 12 + length;
        }

        return chunks;
    }

    private static byte[] Inflate(byte[] zlib)
    {
        using var input = new ZLibStream(new MemoryStream(zlib), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static byte[] Unfilter(byte[] filtered, int width, int height)
    {
        var stride = width * 3;
        var result = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var line = filtered.AsSpan(y * (stride + 1), stride + 1);
            Assert.Equal(1, line[0]);
            for (var x = 0; x < stride; x++)
            {
                var left = x < 3 ? 0 : result[(y * stride) + x - 3];
                result[(y * stride) + x] = (byte)(line[x + 1] + left);
            }
        }

        return result;
    }
}
