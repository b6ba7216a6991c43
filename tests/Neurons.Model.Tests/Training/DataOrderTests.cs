using Neurons.Model.Training;

namespace Neurons.Model.Tests.Training;

public sealed class DataOrderTests
{
    [Fact]
    public void ForEpoch_IsAPermutationThatDependsOnSeedAndEpochOnly()
    {
        // Given / When orders for two epochs and a repeat of the first
        var e0 = DataOrder.ForEpoch(42, 0, 100);
        var again = DataOrder.ForEpoch(42, 0, 100);
        var e1 = DataOrder.ForEpoch(42, 1, 100);
        var otherSeed = DataOrder.ForEpoch(43, 0, 100);

        // Then each is a permutation, repeatable, and differs between epochs and seeds
        Assert.Equal(Enumerable.Range(0, 100), e0.Order());
        Assert.Equal(e0, again);
        Assert.NotEqual(e0, e1);
        Assert.NotEqual(e0, otherSeed);
    }
}
