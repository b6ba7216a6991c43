using Neurons.Model.Training;

namespace Neurons.Model.Tests.Training;

public sealed class AveragePrecisionTests
{
    [Fact]
    public void Compute_RankedScores_MatchesHandValue()
    {
        // Given scores ranking the labels 1, 0, 1, 0: precision 1/1 at recall 1/2 and 2/3 at recall 1
        // Then AP = 0.5·1 + 0.5·2/3 = 5/6
        Assert.Equal(5.0 / 6, AveragePrecision.Compute([0.9f, 0.8f, 0.7f, 0.1f], [1, 0, 1, 0]), 12);
    }

    [Fact]
    public void Compute_ConstantScores_GivesThePositiveRate()
    {
        // Given equal scores (one threshold: precision 2/5 at recall 1), then AP is the positive rate 0.4
        Assert.Equal(0.4, AveragePrecision.Compute([0.3f, 0.3f, 0.3f, 0.3f, 0.3f], [1, 0, 0, 1, 0]), 12);
    }

    [Fact]
    public void Mean_SkipsLabelsWithoutPositives()
    {
        // Given 2 clips × 3 labels where label 2 has no positive: label 0 AP 1, label 1 AP 1/2 (positive ranked second)
        float[] scores = [0.9f, 0.1f, 0.5f, 0.2f, 0.8f, 0.4f];
        float[] labels = [1, 0, 0, 0, 0, 0];
        labels[4] = 0;
        labels[1] = 1;
        labels[4] = 0;

        // Then the mean runs over labels 0 and 1 only: label 1 scores [0.1, 0.8] with the positive at 0.1 → AP 1/2
        Assert.Equal((1.0 + 0.5) / 2, AveragePrecision.Mean(scores, labels, 3), 12);
    }
}
