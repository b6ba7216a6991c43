using Neurons.Generation.Pipeline;
using Neurons.Testing.Onnx;
using Neurons.Testing.Vision;
using Neurons.Vision.Onnx;

namespace Neurons.Generation.Tests;

/// <summary>The mini fixture graph set written to a temp folder, with helpers to load it and to make clips.</summary>
internal sealed class GenerationFixture : IDisposable
{
    public GenerationFixture()
    {
        GenerationFixtureModels.WriteMiniSet(Temp.Path);
    }

    public static OnnxSessionOptions SingleThread { get; } = new() { IntraOpThreads = 1, InterOpThreads = 1 };

    public TempDirectory Temp { get; } = new();

    public VideoModelPaths Paths => new()
    {
        TextEncoder = Temp.File("text_encoder.fixture.onnx"),
        Vocab = Temp.File("clip_vocab.fixture.json"),
        Merges = Temp.File("clip_merges.fixture.txt"),
        VaeEncoder = Temp.File("vae_encoder.fixture.onnx"),
        VaeDecoder = Temp.File("vae_decoder.fixture.onnx"),
        SparseCtrl = Temp.File("sparsectrl.fixture.onnx"),
        Unet = Temp.File("unet.fixture.onnx"),
        UnclipUnet = Temp.File("unclip_unet.fixture.onnx"),
        UnclipVaeDecoder = Temp.File("unclip_vae_decoder.fixture.onnx"),
    };

    /// <summary>Settings for fast tests: 4 DDIM steps at 64² (the real defaults otherwise).</summary>
    public static VideoGenerationSettings Fast(int steps = 4) => new()
    {
        Steps = steps,
        Size = 64,
        UnclipSteps = 3,
        UnclipLatentSize = 4,
    };

    public VideoModels Load(KeyframeMode keyframe = KeyframeMode.Blurry) => VideoModels.Load(Paths, SingleThread, keyframe);

    /// <summary>A clip whose six 32² frames are smooth colour ramps that change per frame, with a square mask.</summary>
    public static ClipRequest Clip(string key, int variant, ulong seed, int frameSize = 32)
    {
        var frames = new byte[6 * frameSize * frameSize * 3];
        for (var f = 0; f < 6; f++)
        {
            for (var y = 0; y < frameSize; y++)
            {
                for (var x = 0; x < frameSize; x++)
                {
                    var i = ((((f * frameSize) + y) * frameSize) + x) * 3;
                    frames[i] = (byte)((x * 7) + (f * 20) + variant);
                    frames[i + 1] = (byte)((y * 5) + (variant * 3));
                    frames[i + 2] = (byte)(200 - (f * 15));
                }
            }
        }

        const int maskSize = 8;
        var masks = new byte[6 * maskSize * maskSize];
        for (var f = 0; f < 6; f++)
        {
            for (var y = 2; y < 6; y++)
            {
                for (var x = 1 + (f % 2); x < 5 + (f % 2); x++)
                {
                    masks[(f * maskSize * maskSize) + (y * maskSize) + x] = 1;
                }
            }
        }

        return new ClipRequest
        {
            Key = key,
            Caption = variant % 2 == 0 ? "a dog runs on the grass" : "two people walk along a beach",
            BlurryFrames = frames,
            FrameSize = frameSize,
            Masks = masks,
            MaskSize = maskSize,
            Seed = seed,
            KeyframeTokens = [.. Enumerable.Range(0, GenerationFixtureModels.MiniUnclipTokens * GenerationFixtureModels.MiniUnclipWidth).Select(i => MathF.Sin((i * 0.37f) + variant))],
        };
    }

    public void Dispose() => Temp.Dispose();
}
