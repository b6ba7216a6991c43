using Neurons.Testing.Onnx;
using Neurons.Testing.Vision;
using Neurons.Vision.Clip;
using Neurons.Vision.GroundedSam;
using Neurons.Vision.Imaging;
using Neurons.Vision.Tests.Imaging;
using Neurons.Vision.Vae;

namespace Neurons.Vision.Tests.GroundedSam;

/// <summary>The pipelined wrappers give what the one-call-at-a-time wrappers give.</summary>
public sealed class SegmentManyTests : IDisposable
{
    private readonly VisionFixture fixture = new();

    [Fact]
    public void SegmentMany_SixFrames_EqualsSegmentOfEachFrame()
    {
        // Given Grounding DINO firing on "dog" and "ball" and the box-mask SAM, and six different frames
        using var segmenter = new GroundedSamSegmenter(
            fixture.Detector(
            [
                new(TestVocabularies.BertId("dog"), 0, 3f, 0.5f, 0.5f, 0.25f, 0.5f),
                new(TestVocabularies.BertId("ball"), 0, 2f, 0.25f, 0.75f, 0.125f, 0.125f),
            ]),
            fixture.Sam());
        var caption = segmenter.Caption(["dog", "ball"]);
        var frames = Enumerable.Range(0, 6).Select(i => WrapperPreprocessingTests.Frame(160, 120, i)).ToList();

        // When segmented pipelined and one by one
        var many = segmenter.SegmentMany(frames, caption).ToList();
        var single = frames.Select(f => segmenter.Segment(f, caption)).ToList();

        // Then every frame has the same phrases, boxes, scores and mask pixels; the encoder ran once per frame each way
        Assert.Equal(6, many.Count);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(single[i].Select(o => (o.Phrase, o.Box, o.Score, o.Mask.Area)), many[i].Select(o => (o.Phrase, o.Box, o.Score, o.Mask.Area)));
            Assert.Equal(single[i][0].Mask.Pixels, many[i][0].Mask.Pixels);
        }

        Assert.Equal(new PixelBox(60f, 30f, 100f, 90f), many[0][0].Box);
        Assert.Equal(12, segmenter.Sam.EncoderRuns);
        Assert.Equal(24, segmenter.Sam.DecoderRuns);
    }

    [Fact]
    public void EncodeMany_ClipAndVaeBatches_EqualEncodeOfEachBatch()
    {
        // Given the CLIP image and VAE encoder fixtures and three batches of two different frames
        var clip = ClipImageEncoder.Load(fixture.Save("clip.onnx", TargetFixtureModels.ClipImage(3, [1, 0, 0, 0, 1, 0, 0, 0, 1], linear: true)), new ClipImageOptions(), VisionFixture.SingleThread);
        var mixing = new float[3 * 8];
        for (var k = 0; k < mixing.Length; k++)
        {
            mixing[k] = (k % 5) - 2;
        }

        using var vae = VaeEncoder.Load(fixture.Save("vae.onnx", TargetFixtureModels.VaeEncoder(mixing)), VisionFixture.SingleThread);
        using var clipOwner = clip;
        var batches = Enumerable.Range(0, 3)
            .Select(b => (IReadOnlyList<RgbImage>)[WrapperPreprocessingTests.Frame(224, 224, 10 + b), WrapperPreprocessingTests.Frame(224, 224, 20 + b)])
            .ToList();

        // When encoded pipelined and one batch at a time
        var clipMany = clip.EncodeMany(batches).ToList();
        var vaeMany = vae.EncodeMany(batches).ToList();

        // Then the values are the same
        for (var b = 0; b < 3; b++)
        {
            var one = clip.Encode(batches[b]);
            Assert.Equal((one.Count, one.Tokens, one.Width), (clipMany[b].Count, clipMany[b].Tokens, clipMany[b].Width));
            Assert.Equal(one.Values, clipMany[b].Values);
            Assert.Equal(vae.Encode(batches[b]).Values, vaeMany[b].Values);
        }

        Assert.Equal(2 * 16 * 3, clipMany[0].Values.Length);
    }

    public void Dispose() => fixture.Dispose();
}
