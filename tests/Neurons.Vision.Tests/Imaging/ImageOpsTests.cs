using Neurons.Vision.Imaging;

namespace Neurons.Vision.Tests.Imaging;

public sealed class ImageOpsTests
{
    [Fact]
    public void ResizeBilinear_WhenUpsamplingTwoPixels_InterpolatesWithHalfPixelCentres()
    {
        // Given a 2×1 single-channel image [0, 100]
        float[] src = [0f, 100f];

        // When resized to 4×1
        var dst = ImageOps.ResizeBilinear(src, 2, 1, 1, 4, 1);

        // Then PyTorch's align_corners=False values come out: 0, 25, 75, 100
        Assert.Equal([0f, 25f, 75f, 100f], dst);
    }

    [Fact]
    public void ResizeBicubic_WhenAlignCornersUpsampling_KeepsCornerValues()
    {
        // Given a 2×1 image [10, 50]
        float[] src = [10f, 50f];

        // When resized to 3×1 with align_corners=True
        var dst = ImageOps.ResizeBicubic(src, 2, 1, 1, 3, 1, alignCorners: true);

        // Then the corners are exact and the middle is the symmetric cubic value (30)
        Assert.Equal(10f, dst[0], 4);
        Assert.Equal(30f, dst[1], 4);
        Assert.Equal(50f, dst[2], 4);
    }

    [Fact]
    public void NormalizeToChw_WhenGivenKnownPixel_SubtractsMeanDividesStdPerChannel()
    {
        // Given one RGB pixel (0.5, 0.25, 1.0)
        float[] hwc = [0.5f, 0.25f, 1f];
        var chw = new float[3];

        // When normalised with ImageNet constants
        ImageOps.NormalizeToChw(hwc, 1, 1, [0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f], chw);

        // Then each channel is (x - mean) / std
        Assert.Equal((0.5f - 0.485f) / 0.229f, chw[0], 6);
        Assert.Equal((0.25f - 0.456f) / 0.224f, chw[1], 6);
        Assert.Equal((1f - 0.406f) / 0.225f, chw[2], 6);
    }

    [Fact]
    public void FromNormalizedCenter_WhenBoxIsCentred_ReturnsPixelCorners()
    {
        // Given cx=0.5, cy=0.25, w=0.25, h=0.5 on a 224×224 frame
        // When converted
        var box = PixelBox.FromNormalizedCenter(0.5f, 0.25f, 0.25f, 0.5f, 224, 224);

        // Then x1=84, y1=0, x2=140, y2=112
        Assert.Equal(new PixelBox(84f, 0f, 140f, 112f), box);
    }
}
