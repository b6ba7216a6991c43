using Neurons.Model.Prior;

namespace Neurons.Model.Tests.Prior;

public sealed class PriorConfigTests
{
    [Fact]
    public void Paper_HasTheReferenceSizes()
    {
        // Given / When the paper preset (train_neurons.py L158–182)
        var config = PriorConfig.Paper();

        // Then dim 1664, depth 6, 32 heads × 52, 256 tokens, 100 steps, drop 0.2, rotary on 32 features
        Assert.Equal(("paper", 1664, 6, 32, 52, 256, 100, 0.2, 32), (config.Name, config.Dim, config.Depth, config.Heads, config.DimHead, config.Tokens, config.Timesteps, config.CondDropProb, config.RotaryDim));
    }

    [Fact]
    public void ParameterCount_Paper_IsHandCountedTotal()
    {
        // Given the paper preset; by hand (D = 1664, N = 256, 32 × 52, depth 6):
        //   3 N·D embeddings                                   = 1,277,952
        //   time MLP D·2D + 2D + (2D)² + 2D + 2D·D + D         = 22,159,488
        //   per layer: attention 2D + 2·52 + 3·D² + D·104      = 5,714,280
        //              feed-forward D + D·8D + 4D·D            = 33,228,416   (× 6 = 233,656,176)
        //   rel-pos 32·32 + final norm D + project_out D²      = 2,771,584
        var config = PriorConfig.Paper();

        // When counted / Then the total is 259,865,200 (≈ 260 M, docs/model.md)
        Assert.Equal(259_865_200L, config.ParameterCount());
    }

    [Theory]
    [InlineData(16, 32, 2, 4, 8)]
    [InlineData(5, 12, 3, 3, 6)]
    [InlineData(3, 20, 1, 2, 40)]
    public void ParameterCount_EqualsBuiltModuleParameterCount(int tokens, int dim, int depth, int heads, int dimHead)
    {
        // Given a configuration (the tiny preset shape, and small custom ones, one with dim_head > 32)
        var config = new PriorConfig { Tokens = tokens, Dim = dim, Depth = depth, Heads = heads, DimHead = dimHead };

        // When the prior is built
        using var prior = new DiffusionPrior(config);

        // Then the analytic count equals the module's real parameter count
        Assert.Equal(config.ParameterCount(), prior.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void ParameterCount_Tiny_EqualsBuiltModuleParameterCount()
    {
        var config = PriorConfig.Tiny(16, 32);
        using var prior = new DiffusionPrior(config);
        Assert.Equal(config.ParameterCount(), prior.parameters().Sum(p => p.numel()));
        Assert.Equal((2, 4, 8), (config.Depth, config.Heads, config.DimHead));
    }

    [Theory]
    [InlineData(0, 8, 0.2, "dim")]
    [InlineData(15, 8, 0.2, "dim")]
    [InlineData(16, 7, 0.2, "dim_head")]
    [InlineData(16, 8, 1.5, "cond_drop_prob")]
    public void Validate_BadField_ThrowsNamingIt(int dim, int dimHead, double drop, string field)
    {
        // Given a configuration with one bad field
        var config = new PriorConfig { Name = "x", Dim = dim, DimHead = dimHead, CondDropProb = drop };

        // When / Then validation names it
        var ex = Assert.Throws<ArgumentException>(config.Validate);
        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromPreset_UnknownName_Throws()
    {
        Assert.Throws<ArgumentException>(() => PriorConfig.FromPreset("huge", 16, 32));
        Assert.Equal(PriorConfig.Tiny(16, 32), PriorConfig.FromPreset("tiny", 16, 32));
    }
}
