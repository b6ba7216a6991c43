using Neurons.Model.Captioning;
using TorchSharp;

namespace Neurons.Model.Tests.Captioning;

public sealed class Gpt2ConfigTests
{
    [Fact]
    public void ParameterCount_Small_Is124439808WithTiedHead()
    {
        // Given GPT-2 small: wte 50257·768 + wpe 1024·768 + 12 blocks of 7,087,872 + ln_f 1536
        // (a block: 2 LayerNorms 3072, c_attn 768·2304+2304, c_proj 768·768+768, c_fc 768·3072+3072, c_proj 3072·768+768)
        var expected = (50257L * 768) + (1024L * 768) + (12L * 7_087_872) + 1536;

        // When / Then: the known 124,439,808, and 983,808 more with the paper's Linear(1280 → 768) prefix
        Assert.Equal(124_439_808L, expected);
        Assert.Equal(expected, Gpt2Config.Small.ParameterCount());
        Assert.Equal(124_439_808L + (1280 * 768) + 768, Gpt2Config.Small.ParameterCount(prefixWidth: 1280));
    }

    [Fact]
    public void Small_HasHuggingFaceGpt2Sizes()
    {
        var c = Gpt2Config.Small;
        Assert.Equal((50257, 1024, 768, 12, 12, 1e-5, 0.1), (c.VocabSize, c.Positions, c.Width, c.Layers, c.Heads, c.LayerNormEps, c.Dropout));
        Assert.Same(Gpt2Config.Small, Gpt2Config.Paper());
    }

    [Fact]
    public void Tiny_KeepsFullVocabularyUnlessGiven()
    {
        Assert.Equal(50257, Gpt2Config.Tiny().VocabSize);
        Assert.Equal(500, Gpt2Config.Tiny(vocabSize: 500).VocabSize);
        Assert.Equal((32, 2, 2, 64), (Gpt2Config.Tiny().Width, Gpt2Config.Tiny().Layers, Gpt2Config.Tiny().Heads, Gpt2Config.Tiny().Positions));
    }

    [Theory]
    [InlineData(1, 0, 12, 4)]
    [InlineData(3, 5, 12, 3)]
    [InlineData(2, 0, 32, 2)]
    public void ParameterCount_EqualsBuiltModelsParameters(int layers, int prefixWidth, int width, int heads)
    {
        // Given an odd-sized configuration
        var config = new Gpt2Config { VocabSize = 17, Positions = 9, Width = width, Layers = layers, Heads = heads };
        using var generator = new torch.Generator(1);

        // When the language model (and, with a prefix width, the captioner) is built
        using var lm = new Gpt2LanguageModel(config, generator);
        using var captioner = prefixWidth > 0 ? new PrefixCaptioner(config, prefixWidth, 0, generator) : null;
        var actual = ((torch.nn.Module?)captioner ?? lm).parameters().Sum(p => p.numel());

        // Then the analytic count equals the real one
        Assert.Equal(config.ParameterCount(prefixWidth), actual);
    }

    [Fact]
    public void ParameterCount_Tiny_EqualsBuiltCaptionerAndDocumentedFigures()
    {
        using var generator = new torch.Generator(1);
        using var captioner = new PrefixCaptioner(Gpt2Config.Tiny(), 16, -100, generator);
        Assert.Equal(1_635_744L, captioner.Gpt.parameters().Sum(p => p.numel()));
        Assert.Equal(1_636_288L, captioner.parameters().Sum(p => p.numel()));
        Assert.Equal(1_636_288L, Gpt2Config.Tiny().ParameterCount(prefixWidth: 16));
    }

    [Fact]
    public void Validate_WidthNotMultipleOfHeads_ThrowsNamingBoth()
    {
        var ex = Assert.Throws<ArgumentException>(() => (Gpt2Config.Tiny() with { Heads = 3 }).Validate());
        Assert.Equal("GPT-2 config 'tiny': Width 32 must be a multiple of Heads 3", ex.Message);
    }

    [Fact]
    public void Validate_ZeroLayers_ThrowsNamingField()
    {
        var ex = Assert.Throws<ArgumentException>(() => (Gpt2Config.Tiny() with { Layers = 0 }).Validate());
        Assert.Equal("GPT-2 config 'tiny': Layers must be ≥ 1, got 0", ex.Message);
    }
}
