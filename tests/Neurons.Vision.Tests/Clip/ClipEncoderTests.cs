using Neurons.Testing.Onnx;
using Neurons.Testing.Vision;
using Neurons.Vision.Clip;
using Neurons.Vision.Onnx;

namespace Neurons.Vision.Tests.Clip;

public sealed class ClipEncoderTests : IDisposable
{
    private static readonly float[] Identity3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];
    private readonly VisionFixture fixture = new();

    [Theory]
    [InlineData(true, 0.5f)]
    [InlineData(false, 0f)]
    public void Encode_WhenImageIsBlack_AppliesUnitRangeShiftThenOpenAiNormalisation(bool shift, float shifted)
    {
        // Given the image fixture with identity projection (tokens = per-patch channel means) and a black frame
        var path = fixture.Save("clip_image.onnx", TargetFixtureModels.ClipImage(3, Identity3, linear: true));
        using var encoder = ClipImageEncoder.Load(path, new ClipImageOptions { UnitRangeShift = shift }, VisionFixture.SingleThread);

        // When two frames are encoded in one batch
        var tokens = encoder.Encode([VisionFixture.Gray(224, 224, 0), VisionFixture.Gray(224, 224, 0)]);

        // Then the class token is dropped (16 patch tokens of width 3), each value (shifted − mean) / std
        Assert.Equal((2, 16, 3), (tokens.Count, tokens.Tokens, tokens.Width));
        Assert.Equal((shifted - 0.48145466f) / 0.26862954f, tokens.Values[0], 4);
        Assert.Equal((shifted - 0.4578275f) / 0.26130258f, tokens.Values[1], 4);
        Assert.Equal((shifted - 0.40821073f) / 0.27577711f, tokens.Values[^1], 4);
        Assert.Equal(1, encoder.Runs);
        Assert.All(tokens.MeanToken(1).Zip(tokens.Values[..3]), p => Assert.Equal(p.Second, p.First, 4));
    }

    [Fact]
    public void Load_WhenTokensOutputIsMissing_FailsNamingIt()
    {
        // Given an image model whose output is called last_hidden_state
        var g = new OnnxGraphBuilder("hf_names");
        var x = g.Input("pixel_values", OnnxDataType.Float, "batch", 3, 224, 224);
        g.Output("last_hidden_state", g.Reshape(g.AveragePool(x, 56), 0, 3, 16), OnnxDataType.Float, "batch", 3, 16);
        var path = fixture.Save("hf.onnx", g.ToBytes());

        // When / Then the error names the expected output (configurable as tokens_output)
        var error = Assert.Throws<OnnxModelException>(() => ClipImageEncoder.Load(path, new ClipImageOptions(), VisionFixture.SingleThread));
        Assert.StartsWith("clip-image model 'hf.onnx' has no output 'image_tokens'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_WhenTextGiven_PoolsTheTableRowsOfItsTokens()
    {
        // Given the text fixture (mean of table rows of non-zero ids, then tanh) and the test CLIP vocabulary
        var (vocab, merges) = TestVocabularies.WriteClip(fixture.Temp.File("clipvocab"));
        var table = Enumerable.Range(0, 20 * 2).Select(i => i / 100f).ToArray();
        var path = fixture.Save("clip_text.onnx", TargetFixtureModels.ClipText(2, table, 20));
        using var encoder = ClipTextEncoder.Load(path, ClipTokenizer.Load(vocab, merges), VisionFixture.SingleThread);

        // When "cat" (ids 18, 13, 19) is encoded
        var embedding = Assert.Single(encoder.Encode(["cat"]));

        // Then it is tanh of the mean of rows 18, 13 and 19
        Assert.Equal(MathF.Tanh((0.36f + 0.26f + 0.38f) / 3f), embedding[0], 5);
        Assert.Equal(MathF.Tanh((0.37f + 0.27f + 0.39f) / 3f), embedding[1], 5);
    }

    [Fact]
    public void DropClassToken_WhenTokenCountIsNotSquarePlusOne_KeepsAll()
    {
        // Given 16 tokens (a square: no class token) of width 1
        var values = Enumerable.Range(0, 16).Select(i => (float)i).ToArray();

        // When / Then nothing is dropped; with 17 the first is
        Assert.Equal(16, ClipImageEncoder.DropClassToken(values, 1, 16, 1).Tokens);
        var dropped = ClipImageEncoder.DropClassToken([.. values, 16f], 1, 17, 1);
        Assert.Equal(16, dropped.Tokens);
        Assert.Equal(1f, dropped.Values[0]);
    }

    public void Dispose() => fixture.Dispose();
}
