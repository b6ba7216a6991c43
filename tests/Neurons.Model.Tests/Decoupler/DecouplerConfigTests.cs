using System.Text.Json;
using Neurons.Model.Brain;
using Neurons.Model.Decoupler;

namespace Neurons.Model.Tests.Decoupler;

public sealed class DecouplerConfigTests
{
    [Fact]
    public void ParameterCount_Paper_MatchesSpecSizes()
    {
        // Given the paper configuration (256 × 1664 tokens, 1280 text)
        var config = DecouplerConfig.Paper();

        // When counted analytically
        // Then motion_proj = 1664·9984 + 9984 (≈16.6 M), classifier = 1664·1280 + 1280 + 1280·51 + 51 (≈2.2 M),
        // text_seg_dec ≈ 9.9 M (docs/model.md), and the output side is 64
        Assert.Equal((1664L * 9984) + 9984, config.MotionProjectionParameterCount());
        Assert.Equal(16_623_360, config.MotionProjectionParameterCount());
        Assert.Equal(2_196_531, config.ClassifierParameterCount());
        Assert.Equal(9_942_412, config.DecoderParameterCount());
        Assert.Equal(16_623_360 + 2_196_531 + 9_942_412, config.ParameterCount());
        Assert.Equal(64, config.OutputSide);
    }

    [Fact]
    public void ParameterCount_PaperModules_EqualsBuiltModules()
    {
        // Given the three paper-sized modules
        var config = DecouplerConfig.Paper();
        using var random = new RandomSource(1);
        using var motion = new MotionProjection(config);
        using var classifier = new ConceptClassifier(config);
        using var decoder = new TextDrivenDecoder(config, random);

        // When their parameters are counted
        // Then each equals the analytic count
        Assert.Equal(config.MotionProjectionParameterCount(), Count(motion));
        Assert.Equal(config.ClassifierParameterCount(), Count(classifier));
        Assert.Equal(config.DecoderParameterCount(), Count(decoder));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ParameterCount_TinyAndOtherShapes_EqualsBuiltModules(int layers)
    {
        // Given tiny decoders with 1–3 layers per block, and a two-block custom decoder
        using var random = new RandomSource(1);
        foreach (var config in new[]
        {
            DecouplerConfig.Tiny(16, 32, 16) with { LayersPerBlock = layers },
            new DecouplerConfig { Tokens = 9, Width = 8, TextWidth = 6, ProjectorChannels = [5], DecoderChannels = [8, 4], Groups = 2, LayersPerBlock = layers, LatentChannels = 3 },
        })
        {
            using var decoder = new TextDrivenDecoder(config, random);
            using var motion = new MotionProjection(config);
            using var classifier = new ConceptClassifier(config);

            // Then the analytic counts equal the real ones
            Assert.Equal(config.DecoderParameterCount(), Count(decoder));
            Assert.Equal(config.ParameterCount(), Count(decoder) + Count(motion) + Count(classifier));
        }
    }

    [Fact]
    public void Tiny_MiniShapes_GiveSixteenPixelOutputs()
    {
        // Given the mini subset's 16 tokens of width 32 and text width 16
        var config = DecouplerConfig.Tiny(16, 32, 16);

        // Then the grid is 4, the outputs 16×16, and the parts small (decoder 152,940 parameters)
        config.Validate();
        Assert.Equal(152_940, config.DecoderParameterCount());
        Assert.Equal(6_336, config.MotionProjectionParameterCount());
        Assert.Equal(1_395, config.ClassifierParameterCount());
        Assert.Equal(4, config.Grid);
        Assert.Equal(16, config.OutputSide);
        Assert.Equal(DecouplerAttention.PerClipResidual, config.Attention);
    }

    [Fact]
    public void Validate_TokensNotASquare_ThrowsNamingTokens()
    {
        var config = DecouplerConfig.Tiny(15, 32, 16);
        var ex = Assert.Throws<ArgumentException>(config.Validate);
        Assert.Contains("tokens must be a perfect square", ex.Message, StringComparison.Ordinal);
        Assert.Contains("15", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_GroupsNotDividingChannels_ThrowsNamingChannel()
    {
        var config = DecouplerConfig.Tiny(16, 32, 16) with { Groups = 32 };
        var ex = Assert.Throws<ArgumentException>(config.Validate);
        Assert.Contains("groups (32) must divide every decoder channel count, got 16", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_RoundTrip_KeepsEveryField()
    {
        // Given a non-default configuration
        var config = DecouplerConfig.Tiny(16, 32, 16) with { Attention = DecouplerAttention.Reference, LayersPerBlock = 3 };

        // When written and read back
        var json = JsonSerializer.Serialize(config);
        var back = JsonSerializer.Deserialize<DecouplerConfig>(json)!;

        // Then it writes the same JSON, names the attention mode and keeps the channel lists
        Assert.Equal(json, JsonSerializer.Serialize(back));
        Assert.Contains("\"attention\":\"Reference\"", json, StringComparison.Ordinal);
        Assert.Equal([32, 16, 16], back.DecoderChannels);
        Assert.Equal(config.ParameterCount(), back.ParameterCount());
    }

    [Fact]
    public void FromPreset_UnknownName_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => DecouplerConfig.FromPreset("huge", 16, 32, 16));
        Assert.Contains("'huge'", ex.Message, StringComparison.Ordinal);
    }

    private static long Count(TorchSharp.torch.nn.Module module) => module.parameters().Sum(p => p.numel());
}
