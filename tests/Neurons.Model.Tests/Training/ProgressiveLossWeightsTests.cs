using Neurons.Model.Training;

namespace Neurons.Model.Tests.Training;

public sealed class ProgressiveLossWeightsTests
{
    // The reference's get_loss_weights for 50 epochs (432 batches per epoch), at batch 0 of each epoch.
    [Theory]
    [InlineData(0, 1.0, 1, 1, 1)]
    [InlineData(5, 7.36, 1, 1, 1)]
    [InlineData(10, 10.0, 1.0, 1, 1)]
    [InlineData(15, 7.36, 7.36, 1, 1)]
    [InlineData(20, 1, 10.0, 1.0, 1)]
    [InlineData(25, 1, 7.36, 7.36, 1)]
    [InlineData(30, 1, 1, 10.0, 1.0)]
    [InlineData(35, 1, 1, 7.36, 7.36)]
    [InlineData(40, 1, 1, 1, 10.0)]
    [InlineData(45, 1, 1, 1, 7.36)]
    [InlineData(49, 1, 1, 1, 2.41)]
    public void At_FiftyEpochs_MatchesSpecTable(int epoch, double seg, double cls, double txt, double rec)
    {
        // Given the paper's schedule
        var weights = new ProgressiveLossWeights(50, 432);

        // When read at the first batch of the epoch
        var w = weights.At(epoch, 0);

        // Then it matches the table to its two decimals
        Assert.Equal([seg, cls, txt, rec], w.Select(x => Math.Round(x, 2)).ToArray());
    }

    [Fact]
    public void Constructor_FiftyEpochs_GivesPeriod20AndStarts0To30()
    {
        var weights = new ProgressiveLossWeights(50, 432);
        Assert.Equal(20, weights.Period);
        Assert.Equal([0, 10, 20, 30], weights.StartEpochs);
    }

    [Fact]
    public void At_WithinAnEpoch_AdvancesByBatch()
    {
        // Given 50 epochs of 432 batches: at epoch 0, batch 216, C = 216 and T = 20·432 = 8640
        var weights = new ProgressiveLossWeights(50, 432);

        // When read
        var w = weights.At(0, 216);

        // Then w_seg = 1 + 9·sin(π/40) = 1.7061
        Assert.Equal(1 + (9 * Math.Sin(Math.PI / 40)), w[0], 12);
        Assert.Equal(1.7061, w[0], 4);
        Assert.Equal(1.0, w[1]);
    }

    [Fact]
    public void At_TwelveEpochs_UsesPeriodFourAndStartsTwoApart()
    {
        // Given 12 epochs of 2 batches: P = ⌊12/5⌋·2 = 4, starts 0, 2, 4, 6
        var weights = new ProgressiveLossWeights(12, 2);

        // When read at epoch 6, batch 1: seg and cls are past their windows [0, 4) and [2, 6); txt at C = 2·2 + 1 = 5 of T = 8, rec at 1
        var w = weights.At(6, 1);

        // Then
        Assert.Equal([0, 2, 4, 6], weights.StartEpochs);
        Assert.Equal(1.0, w[0]);
        Assert.Equal(1.0, w[1]);
        Assert.Equal(1 + (9 * Math.Abs(Math.Sin(5 * Math.PI / 8))), w[2], 12);
        Assert.Equal(1 + (9 * Math.Sin(Math.PI / 8)), w[3], 12);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void At_FewerThanFiveEpochs_AllWeightsOne(int epochs)
    {
        // Given a schedule too short for a window (P = 0)
        var weights = new ProgressiveLossWeights(epochs, 3);

        // Then every weight at every step is 1
        Assert.Equal(0, weights.Period);
        for (var e = 0; e < epochs; e++)
        {
            for (var b = 0; b < 3; b++)
            {
                Assert.Equal([1.0, 1.0, 1.0, 1.0], weights.At(e, b));
            }
        }
    }

    [Fact]
    public void At_EpochOutOfRange_Throws()
    {
        var weights = new ProgressiveLossWeights(10, 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => weights.At(10, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => weights.At(0, 3));
    }
}
