using Neurons.Model.Prior;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Prior;

public sealed class RotaryEmbeddingTests
{
    [Fact]
    public void Forward_RotatesInterleavedPairsOfTheFirstDimFeatures()
    {
        // Given rotary on 4 of 6 features (frequencies 1 and 1/10000^(2/4) = 0.01) and two positions of (1 … 6)
        using var rotary = new RotaryEmbedding(4);
        using var x = tensor(new float[] { 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6 }, [1, 2, 6]);

        // When rotated
        using var y = rotary.call(x);

        // Then position 0 is unchanged and position 1 turns (1, 2) by 1 rad and (3, 4) by 0.01 rad; 5, 6 pass through
        double c1 = Math.Cos(1), s1 = Math.Sin(1), c2 = Math.Cos(0.01), s2 = Math.Sin(0.01);
        double[] expected = [1, 2, 3, 4, 5, 6, (1 * c1) - (2 * s1), (2 * c1) + (1 * s1), (3 * c2) - (4 * s2), (4 * c2) + (3 * s2), 5, 6];
        var actual = y.data<float>().ToArray();
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 5);
        }
    }

    [Fact]
    public void Forward_PreservesNormAndBroadcastsOverHeads()
    {
        // Given a [B, H, n, d] query with the same values in both heads
        using var rotary = new RotaryEmbedding(8);
        using var one = randn(1, 1, 5, 8);
        using var q = one.expand(2, 3, 5, 8).contiguous();

        // When rotated
        using var y = rotary.call(q);

        // Then every head rotates alike and norms are kept (a rotation)
        Assert.True(y[1, 2].allclose(y[0, 0], rtol: 0, atol: 0));
        Assert.True(y.norm(-1).allclose(q.norm(-1), rtol: 1e-5, atol: 1e-6));
    }
}
