using Neurons.Data.Imaging;
using Neurons.Data.Tables;

namespace Neurons.Data.Tests.Tables;

public sealed class TableImagesTests
{
    [Fact]
    public void FromRgbFrames_ThenToRgbFrames_GivesBackEveryPixelAsOnePngPerFrame()
    {
        // Given two 5 × 3 RGB frames of distinct bytes
        var rgb = Enumerable.Range(0, 2 * 3 * 5 * 3).Select(i => (byte)((i * 37) % 256)).ToArray();

        // When stored as table images
        var images = TableImages.FromRgbFrames(rgb, 5, 3);

        // Then there is one embedded PNG per frame, frame 1 holds the second 45 bytes, and decoding gives the bytes back
        Assert.Equal(2, images.Count);
        Assert.All(images, i => Assert.Equal(new byte[] { 137, 80, 78, 71 }, i.Bytes[..4]));
        Assert.All(images, i => Assert.Null(i.Path));
        var second = PngDecoder.Decode(images[1].Bytes);
        Assert.Equal((5, 3, 3), (second.Width, second.Height, second.Channels));
        Assert.Equal(rgb[45..], second.Pixels);
        Assert.Equal(rgb, TableImages.ToRgbFrames(images, 5, 3, "test"));
    }

    [Fact]
    public void FromMask_IsAGrayPngOf255InsideAndDecodesBack()
    {
        // Given a 4 × 2 mask with three pixels set
        bool[] mask = [true, false, false, true, false, false, true, false];

        // When stored and decoded
        var image = TableImages.FromMask(mask, 4, 2);
        var png = PngDecoder.Decode(image.Bytes);

        // Then the PNG is gray, 255 where set and 0 elsewhere, and the mask comes back
        Assert.Equal(1, png.Channels);
        Assert.Equal(new byte[] { 255, 0, 0, 255, 0, 0, 255, 0 }, png.Pixels);
        Assert.Equal(mask, TableImages.ToMask(image, 4, 2, "test"));
        Assert.Equal(new byte[] { 1, 0, 0, 1, 0, 0, 1, 0 }, TableImages.ToMaskBytes([TableImages.FromMaskBytes([1, 0, 0, 7, 0, 0, 1, 0], 4, 2)], 4, 2, "test"));
    }

    [Fact]
    public void ToRgb_WhenThePngHasAnotherSize_FailsNamingTheCell()
    {
        var image = TableImages.FromRgb(new byte[2 * 2 * 3], 2, 2);
        var error = Assert.Throws<InvalidDataException>(() => TableImages.ToRgb(image, 4, 4, "clips seg1_000 frame 2"));
        Assert.Equal("clips seg1_000 frame 2: the PNG is 2x2, the row says 4x4", error.Message);
    }

    [Fact]
    public void FromRgbFrames_WhenTheBytesAreNotWholeFrames_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => TableImages.FromRgbFrames(new byte[13], 2, 2));
        Assert.StartsWith("RGB frames of 2x2: 13 bytes is not a whole number of 12-byte frames", error.Message, StringComparison.Ordinal);
    }
}
