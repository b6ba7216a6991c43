using Neurons.Testing.Onnx;
using Neurons.Testing.Vision;
using Neurons.Vision.Clip;
using Neurons.Vision.Imaging;

namespace Neurons.Vision.Tests.Imaging;

/// <summary>The wrappers' fused preprocessing against the step-by-step pipeline they used before (ToFloat, per-pixel resize, normalise).</summary>
public sealed class WrapperPreprocessingTests : IDisposable
{
    private readonly VisionFixture fixture = new();

    [Theory]
    [InlineData(224, 224)]
    [InlineData(320, 180)]
    public void SamPreprocess_AnyFrame_EqualsResizeThenNormaliseThenPadBitForBit(int width, int height)
    {
        // Given SAM with caller-side preprocessing and a random frame
        using var sam = fixture.Sam();
        var frame = Frame(width, height, 3);

        // When preprocessed, twice (the second time into a reused pooled buffer)
        var (data, shape) = sam.Preprocess(frame);
        sam.Encode(Frame(width, height, 4));
        var (again, _) = sam.Preprocess(frame);

        // Then it is the former pipeline: ToFloat(1), bilinear to the long side 1024, (v − mean) / std, zero padding
        float[] mean = [123.675f, 116.28f, 103.53f];
        float[] std = [58.395f, 57.12f, 57.375f];
        var (w, h, _) = Neurons.Vision.Sam.SamSegmenter.ResizedSize(width, height, 1024);
        var resized = StraightforwardResize.ResizeBilinear(ImageOps.ToFloat(frame, 1f), width, height, 3, w, h);
        var expected = new float[3 * 1024 * 1024];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    expected[(c * 1024 * 1024) + (y * 1024) + x] = (resized[(((y * w) + x) * 3) + c] - mean[c]) / std[c];
                }
            }
        }

        Assert.Equal([1L, 3, 1024, 1024], shape);
        AssertBits(expected, data);
        AssertBits(expected, again);
    }

    [Fact]
    public void SamPreprocess_BuiltInGraph_EqualsTheResizedFrameIn0To255()
    {
        // Given SAM whose encoder normalises itself
        using var sam = fixture.Sam(builtInPreprocessing: true);
        var frame = Frame(300, 200, 6);

        // When preprocessed
        var (data, shape) = sam.Preprocess(frame);

        // Then it is the bilinear resize of the 0–255 values, H×W×3
        Assert.Equal([683L, 1024, 3], shape);
        AssertBits(StraightforwardResize.ResizeBilinear(ImageOps.ToFloat(frame, 1f), 300, 200, 3, 1024, 683), data);
    }

    [Theory]
    [InlineData(224, 224)]
    [InlineData(400, 300)]
    public void GroundingDinoPreprocess_AnyFrame_EqualsResizeThenImageNetNormaliseBitForBit(int width, int height)
    {
        // Given the detector resizing the short side to 224 (long side capped at 1333)
        using var detector = fixture.Detector([]);
        var frame = Frame(width, height, 8);

        // When preprocessed
        var data = detector.Preprocess(frame, out var w, out var h);

        // Then it is ToFloat(1/255), bilinear, NormalizeToChw with ImageNet's statistics
        var resized = StraightforwardResize.ResizeBilinear(ImageOps.ToFloat(frame, 1f / 255f), width, height, 3, w, h);
        var expected = new float[3 * w * h];
        ImageOps.NormalizeToChw(resized, w, h, [0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f], expected);
        AssertBits(expected, data);
    }

    [Theory]
    [InlineData(224, 224, true)]
    [InlineData(160, 120, true)]
    [InlineData(160, 120, false)]
    public void ClipPreprocess_AnyFrame_EqualsBicubicShiftThenNormaliseBitForBit(int width, int height, bool shift)
    {
        // Given the CLIP image encoder (224², OpenAI statistics)
        var path = fixture.Save("clip_image.onnx", TargetFixtureModels.ClipImage(3, [1, 0, 0, 0, 1, 0, 0, 0, 1], linear: true));
        var options = new ClipImageOptions { UnitRangeShift = shift };
        using var encoder = ClipImageEncoder.Load(path, options, VisionFixture.SingleThread);
        var frame = Frame(width, height, 9);

        // When preprocessed
        var chw = new float[3 * 224 * 224];
        encoder.Preprocess(frame, chw);

        // Then it is ToFloat(1/255), bicubic (align corners), (x + 1) / 2 when shifting, NormalizeToChw
        var hwc = StraightforwardResize.ResizeBicubic(ImageOps.ToFloat(frame, 1f / 255f), width, height, 3, 224, 224, alignCorners: true);
        if (shift)
        {
            for (var i = 0; i < hwc.Length; i++)
            {
                hwc[i] = (hwc[i] + 1f) / 2f;
            }
        }

        var expected = new float[3 * 224 * 224];
        ImageOps.NormalizeToChw(hwc, 224, 224, options.Mean.ToArray(), options.Std.ToArray(), expected);
        AssertBits(expected, chw);
    }

    public void Dispose() => fixture.Dispose();

    internal static RgbImage Frame(int width, int height, int seed)
    {
        var bytes = new byte[width * height * 3];
        new Random(seed).NextBytes(bytes);
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
