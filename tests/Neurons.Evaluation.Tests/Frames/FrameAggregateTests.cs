using Neurons.Evaluation.Frames;

namespace Neurons.Evaluation.Tests.Frames;

public class FrameAggregateTests
{
    [Fact]
    public void Of_AveragesPerIndexMeansAndStds()
    {
        // Given 2 videos × 2 frame indices
        double[][] values = [[0.2, 0.6], [0.4, 1.0]];

        // When aggregated
        var agg = FrameAggregate.Of(values);

        // Then index means 0.3, 0.8 → 0.55; index stds (population) 0.1, 0.2 → 0.15
        Assert.Equal(0.55, agg.Mean, 12);
        Assert.Equal(0.15, agg.Std, 12);
        Assert.Equal(0.8, agg.PerIndex[1].Mean, 12);
        Assert.Equal(2, agg.Videos);
    }

    [Fact]
    public void Of_WhenFrameCountsDiffer_Throws()
    {
        // Given ragged input / When / Then rejected
        Assert.Throws<ArgumentException>(() => FrameAggregate.Of([[1.0, 2.0], [1.0]]));
    }
}
