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
    public void Decode_WhenBitDepthIs16_FailsNamingTheFeature()
    {
        // Given a PNG header declaring 16-bit samples
        var png = PngEncoder.Encode(1, 1, 1, [0]);
        png[8 + 8 + 8] = 16;

        // When / Then the error names the unsupported bit depth
        var error = Assert.Throws<InvalidDataException>(() => PngDecoder.Decode(png, "deep.png"));
        Assert.Equal("deep.png: bit depth 16 is not supported (8 only)", error.Message);
    }

    [Fact]
    public void Encode_WhenBufferLengthIsWrong_Throws()
    {
        // Given a buffer one byte short of 4x4x3, When / Then encoding refuses it
        Assert.Throws<ArgumentException>(() => PngEncoder.Encode(4, 4, 3, new byte[(4 * 4 * 3) - 1]));
    }
}
