using Neurons.Model.Brain;
using TorchSharp;

namespace Neurons.Model.Tests.Brain;

public sealed class BrainModelConfigTests
{
    [Fact]
    public void ParameterCount_PaperConfigSubject1_MatchesSpecSizes()
    {
        // Given the paper configuration for cc2017 subject 1 (V = 13447)
        var config = BrainModelConfig.Paper([13447]);

        // When counted analytically (nothing allocated)
        var total = config.ParameterCount();

        // Then it is ridge 55.1 M + mixer 134.3 M + head 1.745 B + projector 8.3 M + frozen text 2.1 M
        // (mixer: 4 × [LayerNorm(4096) + 2 × Linear(4096, 4096)] + 4 × the 6 parameters of the length-1 sequence block)
        Assert.Equal(55_083_008 + 134_283_288 + 1_745_256_448 + 8_321_664 + 2_129_920, total);
        Assert.Equal(1_945_074_328, total);
        Assert.Equal(total - 2_129_920, config.ParameterCount(includeFrozen: false));
    }

    [Theory]
    [InlineData(MixerMode.Reference)]
    [InlineData(MixerMode.Residual)]
    public void ParameterCount_EqualsTheBuiltModel(MixerMode mode)
    {
        // Given a small two-subject configuration
        var config = new BrainModelConfig { Voxels = [30, 17], Hidden = 12, Blocks = 3, Tokens = 5, Width = 6, TextWidth = 4, Mixer = mode };
        using var random = new RandomSource(1);

        // When the model is built
        using var model = new NeuronsBrainModel(config, random);

        // Then its parameter count is the analytic one
        Assert.Equal(config.ParameterCount(), model.parameters().Sum(p => p.numel()));
        Assert.Equal(config.ParameterCount(includeFrozen: false), model.parameters().Where(p => p.requires_grad).Sum(p => p.numel()));
    }

    [Fact]
    public void FromPreset_UnknownName_ThrowsNamingIt()
    {
        // Given / When / Then
        var ex = Assert.Throws<ArgumentException>(() => BrainModelConfig.FromPreset("huge", [10], 4, 4, 4));
        Assert.Contains("'huge'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tiny_KeepsArchitectureWithSmallHidden()
    {
        // Given / When the tiny preset for the mini targets
        var tiny = BrainModelConfig.FromPreset("tiny", [500], 16, 32, 24);

        // Then it keeps 4 blocks and the reference mixer, with hidden 256 and the targets' shapes
        Assert.Equal((256, 4, 16, 32, 24, MixerMode.Reference), (tiny.Hidden, tiny.Blocks, tiny.Tokens, tiny.Width, tiny.TextWidth, tiny.Mixer));
    }
}
