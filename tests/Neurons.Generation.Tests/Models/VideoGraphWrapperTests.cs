using Microsoft.ML.OnnxRuntime;
using Neurons.Generation.Models;
using Neurons.Generation.Pipeline;
using Neurons.Testing.Onnx;
using Neurons.Vision.Clip;
using Neurons.Vision.Onnx;

namespace Neurons.Generation.Tests.Models;

public sealed class VideoGraphWrapperTests : IDisposable
{
    private readonly GenerationFixture fixture = new();

    [Fact]
    public void Load_FixtureSet_InfersTheWidthsFromTheGraphs()
    {
        using var models = fixture.Load(KeyframeMode.Unclip);
        Assert.Equal(GenerationFixtureModels.MiniChannels, models.Unet.Dims.Layout.BaseChannels);
        Assert.Equal(GenerationFixtureModels.MiniTextWidth, models.Text.Width);
        Assert.Equal(GenerationFixtureModels.MiniUnclipWidth, models.UnclipUnet!.Dims.UnclipWidth);
        Assert.Equal(GenerationFixtureModels.MiniUnclipVector, models.UnclipUnet.Dims.UnclipVector);
    }

    [Fact]
    public void Load_UnetWithoutMidResidual_FailsNamingTheInput()
    {
        // Given a UNet whose mid residual input is called differently
        var g = GenerationFixtureModels.Unet(new FixtureRandom(1), 4, 16);
        var bytes = g.ToBytes();
        var renamed = System.Text.Encoding.Latin1.GetBytes(System.Text.Encoding.Latin1.GetString(bytes).Replace("mid_res", "mid_rez", StringComparison.Ordinal));
        var path = fixture.Temp.File("bad_unet.onnx");
        File.WriteAllBytes(path, renamed);

        // Then loading fails with one line naming the graph, the file and the missing input
        var error = Assert.Throws<OnnxModelException>(() => MotionUnet.Load(path, GenerationFixture.SingleThread));
        Assert.Contains("unet model 'bad_unet.onnx' has no input 'mid_res'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Load_SparseCtrlOfAnotherWidth_FailsNamingTheResidual()
    {
        // Given a SparseCtrl exported at c = 4 next to the c = 8 UNet
        var path = fixture.Temp.File("sparsectrl4.onnx");
        GenerationFixtureModels.SparseCtrl(new FixtureRandom(2), 4, GenerationFixtureModels.MiniTextWidth).Save(path);

        // Then its first residual's channels do not match the UNet's layout
        var error = Assert.Throws<OnnxModelException>(() => VideoModels.Load(fixture.Paths with { SparseCtrl = path }, GenerationFixture.SingleThread, KeyframeMode.Blurry));
        Assert.Contains("sparsectrl model 'sparsectrl4.onnx' output 'down_res_0' is float[?,4,?,?,?], expected float[?,8,?,?,?]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TextEncoderOfAnotherWidth_FailsNamingBothFiles()
    {
        var path = fixture.Temp.File("text32.onnx");
        GenerationFixtureModels.TextEncoder(new FixtureRandom(3), 32).Save(path);
        var error = Assert.Throws<OnnxModelException>(() => VideoModels.Load(fixture.Paths with { TextEncoder = path }, GenerationFixture.SingleThread, KeyframeMode.Blurry));
        Assert.Contains("'text32.onnx' gives width 32 but unet 'unet.fixture.onnx' expects encoder_hidden_states of width 16", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ExternalDataExport_GivesTheSameNoiseAsTheEmbeddedGraph()
    {
        // Given the same UNet written with its weights inside the model and in an external-data file
        var embedded = fixture.Temp.File("unet_embedded.onnx");
        GenerationFixtureModels.Unet(new FixtureRandom(9), 32, 16).Save(embedded);
        var (external, data) = GenerationFixtureModels.Unet(new FixtureRandom(9), 32, 16).SaveWithExternalData(fixture.Temp.File("unet_external.onnx"), 1024);
        Assert.True(new FileInfo(data).Length > 100_000, "the large weights should live in the data file");
        Assert.True(new FileInfo(external).Length * 10 < new FileInfo(embedded).Length, "the model should keep only small constants");

        // When both run on the same inputs
        using var a = MotionUnet.Load(embedded, GenerationFixture.SingleThread);
        using var b = MotionUnet.Load(external, GenerationFixture.SingleThread);
        var noiseA = RunUnet(a);
        var noiseB = RunUnet(b);

        // Then the outputs agree (to float rounding: prepacked weights may differ in summation order) and are not trivial
        Assert.Equal(noiseA.Length, noiseB.Length);
        Assert.All(noiseA.Zip(noiseB), p => Assert.Equal(p.First, p.Second, 1e-5f));
        Assert.Contains(noiseA, v => Math.Abs(v) > 1e-3);
    }

    [Fact]
    public void Ids_LongPrompt_TruncatesTo77WithEndLastAndShortPromptPadsWithEnd()
    {
        using var models = fixture.Load();
        var tokenizer = models.Text.Tokenizer;
        var longIds = models.Text.Ids(string.Join(' ', Enumerable.Repeat("word", 200)));
        var shortIds = models.Text.Ids("a dog");

        Assert.Equal(77, longIds.Length);
        Assert.Equal(tokenizer.StartId, longIds[0]);
        Assert.Equal(tokenizer.EndId, longIds[76]);
        Assert.DoesNotContain((long)tokenizer.EndId, longIds[..76]);

        // "a dog" in the byte-level fixture vocabulary: a</w>, d, o, g</w>, then end tokens to the end
        Assert.Equal(tokenizer.EndId, shortIds[5]);
        Assert.All(shortIds[5..], id => Assert.Equal(tokenizer.EndId, id));
    }

    [Fact]
    public void Encode_NegativeAndPositivePrompts_GiveDifferentHiddenStates()
    {
        using var models = fixture.Load();
        var states = models.Text.Encode([VideoGenerationSettings.ReferenceNegativePrompt, "a dog" + VideoGenerationSettings.ReferenceSuffix]);
        var block = 77 * models.Text.Width;
        Assert.Equal(2 * block, states.Length);
        Assert.False(states.AsSpan(0, block).SequenceEqual(states.AsSpan(block, block)));
    }

    public void Dispose() => fixture.Dispose();

    private static float[] RunUnet(MotionUnet unet)
    {
        const int b = 2, f = 16, s = 8;
        var sample = Enumerable.Range(0, b * 4 * f * s * s).Select(i => MathF.Sin(i * 0.01f)).ToArray();
        using var sampleValue = OrtValue.CreateTensorValueFromMemory(sample, [b, 4, f, s, s]);
        using var t = OrtValue.CreateTensorValueFromMemory(new long[] { 961 }, [1]);
        var width = unet.Dims.TextWidth;
        using var text = OrtValue.CreateTensorValueFromMemory(new float[b * 77 * width], [b, 77, width]);
        var residuals = Enumerable.Range(0, 13).Select(k =>
        {
            var (ch, down) = unet.Dims.Layout.Residual(k);
            var side = s / down;
            return OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(0.1f, b * ch * f * side * side).ToArray(), [b, ch, f, side, side]);
        }).ToList();
        var noise = new float[sample.Length];
        unet.Run(sampleValue, t, text, residuals, noise);
        residuals.ForEach(r => r.Dispose());
        return noise;
    }
}
