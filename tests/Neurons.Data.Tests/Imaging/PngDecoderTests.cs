using Neurons.Data.Imaging;

namespace Neurons.Data.Tests.Imaging;

public sealed class PngDecoderTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 1)]
    [InlineData(1, 2)]
    [InlineData(1, 3)]
    [InlineData(1, 4)]
    [InlineData(3, 4)]
    [InlineData(4, 3)]
    [InlineData(2, 1)]
    public void Decode_WhenEncodedWithAnyFilterAndColourType_ReturnsTheOriginalSamples(int channels, int filter)
    {
        // Given a 7×5 image of varied samples encoded with the filter
        var pixels = Enumerable.Range(0, 7 * 5 * channels).Select(i => (byte)((i * 37) ^ (i >> 2))).ToArray();
        var png = PngEncoder.Encode(7, 5, channels, pixels, filter);

        // When decoded
        var image = PngDecoder.Decode(png);

        // Then size, channels and samples round-trip
        Assert.Equal((7, 5, channels), (image.Width, image.Height, image.Channels));
        Assert.Equal(pixels, image.Pixels);
    }

    [Fact]
    public void ToMask_WhenGrayscale0And255_SetsOnlyNonZeroPixels()
    {
        // Given a 3×1 mask 0, 255, 0
        var image = PngDecoder.Decode(PngEncoder.Encode(3, 1, 1, [0, 255, 0]));

        // When converted to a mask / Then only the middle pixel is set
        Assert.Equal([false, true, false], image.ToMask());
    }

    [Fact]
    public void Decode_WhenNotAPng_FailsNamingTheFile()
    {
        // Given bytes without the PNG signature
        // When / Then decoding names the file
        var error = Assert.Throws<InvalidDataException>(() => PngDecoder.Decode("GIF89a.."u8.ToArray(), "mask_0_f0_dog.png"));
        Assert.Equal("mask_0_f0_dog.png: not a PNG file (bad signature)", error.Message);
    }

    [Fact]
    public void Decode_WhenImageDataIsCutShort_FailsNamingTheFile()
    {
        // Given a 16×16 PNG whose bytes stop in the middle of the image data
        var png = PngEncoder.Encode(16, 16, 3, Enumerable.Range(0, 16 * 16 * 3).Select(i => (byte)(i * 7)).ToArray());
        var cut = png.AsSpan(0, 8 + 25 + 20).ToArray();

        // When / Then decoding fails in one line naming the file
        var error = Assert.Throws<InvalidDataException>(() => PngDecoder.Decode(cut, "mask_1_f0_cat.png"));
        Assert.StartsWith("mask_1_f0_cat.png: not a readable PNG (", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Decode_WhenBitDepthIs16_ReturnsTheHighBytes()
    {
        // Given a 2×1 16-bit grey PNG with samples 0x12AB and 0xFF00 (IHDR bit depth 16, filter 0 rows)
        var png = Png16Gray([0x12AB, 0xFF00]);

        // When decoded
        var image = PngDecoder.Decode(png, "deep.png");

        // Then each sample is its high byte
        Assert.Equal((2, 1, 1), (image.Width, image.Height, image.Channels));
        Assert.Equal([0x12, 0xFF], image.Pixels);
    }

    [Fact]
    public void Encode_WhenBufferLengthIsWrong_Throws()
    {
        // Given a buffer one byte short of 4x4x3, When / Then encoding refuses it
        Assert.Throws<ArgumentException>(() => PngEncoder.Encode(4, 4, 3, new byte[(4 * 4 * 3) - 1]));
    }

    private static byte[] Png16Gray(ushort[] samples)
    {
        var raw = new byte[1 + (2 * samples.Length)];
        for (var i = 0; i < samples.Length; i++)
        {
            raw[1 + (2 * i)] = (byte)(samples[i] >> 8);
            raw[2 + (2 * i)] = (byte)samples[i];
        }

        using var compressed = new MemoryStream();
        using (var z = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(raw);
        }

        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, samples.Length);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), 1);
        header[8] = 16;
        using var file = new MemoryStream();
        file.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        Chunk(file, "IHDR", header);
        Chunk(file, "IDAT", compressed.ToArray());
        Chunk(file, "IEND", []);
        return file.ToArray();
    }

    private static void Chunk(MemoryStream file, string type, byte[] body)
    {
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, body.Length);
        file.Write(length);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(body).ToArray();
        file.Write(typed);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(length, Crc(typed));
        file.Write(length);
    }

    private static uint Crc(byte[] data)
    {
        // CRC-32 (ISO 3309, reflected polynomial 0xEDB88320), as the PNG specification defines it.
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
