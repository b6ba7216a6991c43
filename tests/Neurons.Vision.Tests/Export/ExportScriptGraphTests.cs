using Neurons.Testing.Python;
using Neurons.Testing.Vision;
using Neurons.Vision.Clip;
using Neurons.Vision.Grounding;
using Neurons.Vision.Sam;
using Neurons.Vision.Vae;

namespace Neurons.Vision.Tests.Export;

/// <summary>
/// The graphs tools/export writes (its wrappers around small stand-ins of the real models, tools/export/selftest.py)
/// pass the load-time signature checks of the wrappers that will read the real exports, and run.
/// </summary>
public sealed class ExportScriptGraphTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public void ClipBigGImageScript_Graph_LoadsInClipImageEncoderAndYieldsTokens()
    {
        // Given the graph of export_clip_bigg_image.py (stand-in: 16 tokens of 32)
        using var encoder = ClipImageEncoder.Load(ExportScriptGraphs.Path("clip_image.onnx"), new ClipImageOptions(), VisionFixture.SingleThread);

        // When two frames are encoded
        var tokens = encoder.Encode([VisionFixture.Gray(224, 224), VisionFixture.Gray(224, 224, 30)]);

        // Then the dynamic batch and the token shape come through
        Assert.True(encoder.DynamicBatch);
        Assert.Equal((2, 16, 32), (tokens.Count, tokens.Tokens, tokens.Width));
    }

    [Fact]
    public void ClipBigGTextScript_Graph_LoadsInClipTextEncoder()
    {
        // Given the graph of export_clip_bigg_text.py and a CLIP vocabulary
        var (vocab, merges) = TestVocabularies.WriteClip(temp.Path);
        using var encoder = ClipTextEncoder.Load(ExportScriptGraphs.Path("clip_text.onnx"), ClipTokenizer.Load(vocab, merges), VisionFixture.SingleThread);

        // When a caption is encoded
        var embeds = encoder.Encode(["a cat"]);

        // Then one 16-wide vector comes back
        Assert.Equal(16, Assert.Single(embeds).Length);
    }

    [Theory]
    [InlineData("vae_encoder.onnx")]
    [InlineData("vae_encoder_mean.onnx")]
    public void Sd15VaeScript_EncoderGraph_LoadsInVaeEncoderAsPosteriorMean(string file)
    {
        // Given either encoder output export_sd15_vae.py offers (latent_parameters, latent_mean)
        using var encoder = VaeEncoder.Load(ExportScriptGraphs.Path(file), VisionFixture.SingleThread);

        // When a 64² frame is encoded
        var (values, channels, height, width) = encoder.Encode([VisionFixture.Gray(64, 64)]);

        // Then 4 latent channels at 1/8 resolution come back
        Assert.Equal((4, 8, 8, 4 * 8 * 8), (channels, height, width, values.Length));
    }

    [Fact]
    public void Sd15VaeScript_DecoderGraph_LoadsInVaeDecoder()
    {
        // Given the decoder of export_sd15_vae.py
        using var decoder = VaeDecoder.Load(ExportScriptGraphs.Path("vae_decoder.onnx"), VisionFixture.SingleThread);

        // When 4×8×8 latents are decoded
        var (values, height, width) = decoder.Decode(new float[4 * 8 * 8], 1, 8, 8);

        // Then a 64² RGB frame comes back
        Assert.Equal((64, 64, 3 * 64 * 64), (height, width, values.Length));
    }

    [Fact]
    public void GroundingDinoScript_Graph_PassesTheDetectorSignatureCheck()
    {
        // Given the graph of export_grounding_dino.py (bool masks, int64 ids, 900 × 256 logits, 900 × 4 boxes)
        var vocab = TestVocabularies.WriteBert(temp.Path);

        // When the detector opens it, then detects on a frame
        using var detector = GroundingDinoDetector.Load(ExportScriptGraphs.Path("grounding_dino.onnx"), vocab, new GroundingDinoOptions { ShortSide = 64, MaxSize = 96 }, VisionFixture.SingleThread);
        var detections = detector.Detect(VisionFixture.Gray(96, 64), detector.Tokenizer.Encode(["dog", "ball"]));

        // Then it ran once (what it finds in random weights is irrelevant)
        Assert.Equal(1, detector.Runs);
        Assert.NotNull(detections);
    }

    [Fact]
    public void SamScript_Graphs_LoadInSamSegmenterWithPlainPreprocessing()
    {
        // Given the encoder and decoder of export_sam.py
        using var sam = SamSegmenter.Load(ExportScriptGraphs.Path("sam_encoder.onnx"), ExportScriptGraphs.Path("sam_decoder.onnx"), new SamOptions(), VisionFixture.SingleThread);

        // Then the encoder takes the normalised, padded 1×3×1024×1024 image (the wrapper preprocesses)
        Assert.False(sam.BuiltInPreprocessing);
    }

    public void Dispose() => temp.Dispose();
}
