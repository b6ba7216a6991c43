using Neurons.Testing.Vision;
using Neurons.Vision.Imaging;

namespace Neurons.Vision.Tests.Imaging;

public sealed class SeparableResizeTests
{
    public static TheoryData<int, int, int, int, int> Sizes() => new()
    {
        { 224, 224, 1024, 1024, 3 },
        { 224, 224, 800, 800, 3 },
        { 224, 224, 1024, 1024, 1 },
        { 640, 480, 1024, 768, 3 },
        { 1024, 1024, 224, 224, 3 },
        { 300, 200, 97, 61, 3 },
        { 7, 13, 13, 7, 4 },
        { 1, 1, 5, 3, 3 },
        { 9, 5, 9, 17, 2 },
        { 17, 5, 3, 5, 1 },
        { 224, 224, 224, 224, 3 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void ResizeBilinear_AnySizes_EqualsThePerPixelLoopBitForBit(int width, int height, int newWidth, int newHeight, int channels)
    {
        // Given random values, some negative, some large
        var src = Values(width * height * channels, seed: width + (31 * newWidth));

        // When resized by the separable, vectorised path and by the per-pixel loop it replaced
        var fast = ImageOps.ResizeBilinear(src, width, height, channels, newWidth, newHeight);
        var oracle = StraightforwardResize.ResizeBilinear(src, width, height, channels, newWidth, newHeight);

        // Then every float has the same bits
        AssertBits(oracle, fast);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void ResizeBicubic_AnySizesBothCornerConventions_EqualsThePerPixelLoopBitForBit(int width, int height, int newWidth, int newHeight, int channels)
    {
        var src = Values(width * height * channels, seed: height + (17 * newHeight));
        foreach (var alignCorners in new[] { true, false })
        {
            // When resized both ways
            var fast = ImageOps.ResizeBicubic(src, width, height, channels, newWidth, newHeight, alignCorners);
            var oracle = StraightforwardResize.ResizeBicubic(src, width, height, channels, newWidth, newHeight, alignCorners);

            // Then every float has the same bits
            AssertBits(oracle, fast);
        }
    }

    [Theory]
    [InlineData(224, 224, 1024, 1024, false)]
    [InlineData(160, 90, 1024, 576, false)]
    [InlineData(224, 224, 224, 224, true)]
    [InlineData(100, 60, 224, 224, true)]
    public void ResizeToChw_Rgb_EqualsToFloatResizeAndNormaliseInTurn(int width, int height, int newWidth, int newHeight, bool bicubic)
    {
        // Given an RGB frame and per-channel transforms (CLIP's shift + normalise, or plain normalise)
        var image = Frame(width, height, seed: 5);
        var side = Math.Max(newWidth, newHeight);
        PixelTransform[] transforms =
        [
            new(bicubic, true, 0.48145466f, 0.26862954f),
            new(bicubic, true, 0.4578275f, 0.26130258f),
            new(bicubic, true, 0.40821073f, 0.27577711f),
        ];
        var plan = bicubic ? ResizePlan.BicubicOf(width, height, newWidth, newHeight, 1, alignCorners: true) : ResizePlan.Bilinear(width, height, newWidth, newHeight, 1);

        // When preprocessed by the fused path into a side² buffer full of junk (as a reused buffer is)
        var chw = Enumerable.Repeat(7f, 3 * side * side).ToArray();
        ImageOps.ResizeToChw(image, 1f / 255f, plan, transforms, chw, side, side);

        // Then it equals ToFloat, the per-pixel resize and the transforms done one after another, zero-padded
        var hwc = ImageOps.ToFloat(image, 1f / 255f);
        var resized = bicubic
            ? StraightforwardResize.ResizeBicubic(hwc, width, height, 3, newWidth, newHeight, alignCorners: true)
            : StraightforwardResize.ResizeBilinear(hwc, width, height, 3, newWidth, newHeight);
        var expected = new float[3 * side * side];
        for (var y = 0; y < newHeight; y++)
        {
            for (var x = 0; x < newWidth; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var v = resized[(((y * newWidth) + x) * 3) + c];
                    if (bicubic)
                    {
                        v = (v + 1f) / 2f;
                    }

                    expected[(c * side * side) + (y * side) + x] = (v - transforms[c].Mean) / transforms[c].Std;
                }
            }
        }

        AssertBits(expected, chw);
    }

    [Fact]
    public void ResizeBilinear_WhenUpsamplingAStep_GivesPyTorchsHalfPixelValues()
    {
        // Given a 4×1 image [0, 0, 100, 100] resized to 8×1: source x = (i + 0.5)/2 − 0.5
        var dst = ImageOps.ResizeBilinear([0f, 0f, 100f, 100f], 4, 1, 1, 8, 1);

        // Then PyTorch's align_corners=False values: 0, 0, 0, 25, 75, 100, 100, 100
        Assert.Equal([0f, 0f, 0f, 25f, 75f, 100f, 100f, 100f], dst);
    }

    private static float[] Values(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 600) - 100)).ToArray();
    }

    private static RgbImage Frame(int width, int height, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[width * height * 3];
        random.NextBytes(bytes);
        return new RgbImage(width, height, bytes);
    }

    private static void AssertBits(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                Assert.Fail($"value {i}: expected {expected[i]:R}, got {actual[i]:R}");
            }
        }
    }
}
