using Neurons.Testing.Onnx;
using Neurons.Vision.Sam;
using Neurons.Vision.Tests.Imaging;

namespace Neurons.Vision.Tests.Sam;

public sealed class SamEncoderVitFixtureTests : IDisposable
{
    private readonly VisionFixture fixture = new();

    [Fact]
    public void SamEncoderVit_LoadedByTheWrapper_GivesAFiniteFrameDependentEmbedding()
    {
        // Given the benchmark's random-weight ViT encoder at width 16 (one block, one head) and the fixture decoder
        using var sam = SamSegmenter.Load(
            fixture.Save("vit.onnx", VisionFixtureModels.SamEncoderVit(16, 1, 1, fullNeck: true)),
            fixture.Save("dec.onnx", VisionFixtureModels.SamDecoder()),
            new SamOptions(),
            VisionFixture.SingleThread);

        // When two different frames are encoded
        var a = sam.Encode(WrapperPreprocessingTests.Frame(224, 224, 1));
        var b = sam.Encode(WrapperPreprocessingTests.Frame(224, 224, 2));

        // Then the embedding has SAM's 1×256×64×64 shape, finite values, and depends on the frame
        Assert.Equal([1L, 256, 64, 64], a.Shape);
        Assert.All(a.Data, v => Assert.True(float.IsFinite(v)));
        Assert.NotEqual(a.Data, b.Data);
        Assert.False(sam.BuiltInPreprocessing);
    }

    [Fact]
    public void SamEncoderVitFlops_ViTBSize_IsAbout0Point72Tflop()
    {
        // Given ViT-B's width 768 and 12 blocks with SAM's 3×3 neck: 2 × (patch 2.42 G + 12 × 29.39 G + neck 3.22 G) multiply-adds = 0.717 T
        var flops = VisionFixtureModels.SamEncoderVitFlops(768, 12, fullNeck: true);

        // Then about 0.72 TFLOP
        Assert.InRange(flops, 0.716e12, 0.718e12);
    }

    public void Dispose() => fixture.Dispose();
}
