using Neurons.Model.Decoupler;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Decoupler;

public sealed class SpatioTemporalMixTests
{
    [Fact]
    public void Apply_WeightZero_IsTemporalAttentionOverEachPositionsFramesWithinItsGroup()
    {
        // Given 2 groups of 3 frames, 8 channels on a 2×3 map, and w = 0 (temporal only)
        using var spatial = new SelfAttention(8, 4);
        using var temporal = new SelfAttention(8, 4);
        using var g = new Generator(3);
        using var x = randn([6, 8, 2, 3], generator: g);
        using var w = zeros(1);

        // When mixed
        using var mixed = SpatioTemporalMix.Apply(x, spatial, temporal, w, time: 3);

        // Then at every position (h, w) and group, the frames equal the temporal attention of that position's
        // 3-frame sequence of spatial outputs, computed one sequence at a time
        using var s = spatial.call(x);
        for (var group = 0; group < 2; group++)
        {
            for (var h = 0; h < 2; h++)
            {
                for (var col = 0; col < 3; col++)
                {
                    using var sequence = s.narrow(0, group * 3, 3).select(3, col).select(2, h).unsqueeze(0);
                    using var expected = temporal.call(sequence).squeeze(0);
                    using var actual = mixed.narrow(0, group * 3, 3).select(3, col).select(2, h);
                    Assert.True(actual.allclose(expected, rtol: 1e-5, atol: 1e-6), $"group {group}, position ({h}, {col})");
                }
            }
        }
    }

    [Fact]
    public void Apply_WeightOne_IsSpatialAttentionAlone()
    {
        // Given w = 1 (its initial value)
        using var spatial = new SelfAttention(8, 4);
        using var temporal = new SelfAttention(8, 4);
        using var x = randn(6, 8, 2, 3);
        using var w = ones(1);

        // When mixed
        using var mixed = SpatioTemporalMix.Apply(x, spatial, temporal, w, time: 6);

        // Then the output is the spatial attention's
        using var s = spatial.call(x);
        Assert.True(mixed.allclose(s, rtol: 1e-6, atol: 1e-7));
    }
}
