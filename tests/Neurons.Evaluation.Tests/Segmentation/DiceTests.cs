using Neurons.Evaluation.Segmentation;

namespace Neurons.Evaluation.Tests.Segmentation;

public class DiceTests
{
    [Fact]
    public void Authors_SpecExample_Is05819()
    {
        // Given pred [[1,0],[0,0]] and GT [[1,1],[0,0]] / When scored as the authors do (sigmoid on binary)
        var dice = Dice.Authors([true, false, false, false], [true, true, false, false]);

        // Then (2·(0.7311 + 0.5) + 1e-7) / (2.2311 + 2 + 1e-7)
        Assert.Equal(0.5819151764, dice, 9);
    }

    [Fact]
    public void Authors_WhenGroundTruthEmpty_IsAbout8e12()
    {
        // Given an all-empty 6×64×64 clip / When scored / Then 1e-7 / (0.5·24576) ≈ 8.1e-12
        var empty = new bool[6 * 64 * 64];
        Assert.Equal(1e-7 / (12288 + 1e-7), Dice.Authors(empty, empty), 1e-22);
        Assert.InRange(Dice.Authors(empty, empty), 8.1e-12, 8.2e-12);
    }

    [Fact]
    public void Authors_WhenIdentical_IsBelowOne()
    {
        // Given identical masks with 1 of 4 pixels set / When scored / Then (2·0.7311)/(0.7311+1.5+1) < 1
        var m = new[] { true, false, false, false };
        var expected = ((2 * 0.7310585786300049) + 1e-7) / (0.7310585786300049 + 1.5 + 1 + 1e-7);
        Assert.Equal(expected, Dice.Authors(m, m), 12);
    }

    [Fact]
    public void Plain_HandCases()
    {
        // Given masks / When plain Dice / Then 2|P∩M|/(|P|+|M|), identical → 1, both empty → 1, disjoint → 0
        Assert.Equal(2.0 / 3.0, Dice.Plain([true, false, false, false], [true, true, false, false]), 12);
        Assert.Equal(1.0, Dice.Plain([true, true, false], [true, true, false]));
        Assert.Equal(1.0, Dice.Plain([false, false], [false, false]));
        Assert.Equal(0.0, Dice.Plain([true, false], [false, true]));
    }

    [Fact]
    public void Authors_WhenLengthsDiffer_Throws()
    {
        // Given masks of different size / When / Then rejected
        Assert.Throws<ArgumentException>(() => Dice.Authors([true], [true, false]));
    }
}
