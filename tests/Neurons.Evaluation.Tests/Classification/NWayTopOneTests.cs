using Neurons.Evaluation.Classification;

namespace Neurons.Evaluation.Tests.Classification;

public class NWayTopOneTests
{
    [Theory]
    [InlineData(2, 0.75)]
    [InlineData(50, 3.0 / 52)]
    public void ChanceLevel_IsThreeOverNPlusTwo(int ways, double expected)
    {
        // Given top-3 GT classes / When / Then 3/(N+2)
        Assert.Equal(expected, NWayTopOne.ChanceLevel(ways), 12);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(50)]
    public void Evaluate_WhenPredictionUninformative_MatchesChanceWithinOnePercent(int ways)
    {
        // Given 3000 videos whose GT and prediction logits over 100 classes are independent
        var random = new Random(12345);
        var samples = Enumerable.Range(0, 3000).Select(i => new NWaySample(RandomLogits(random, 100), RandomLogits(random, 100), i)).ToList();

        // When evaluated with 100 seeded trials each
        var result = NWayTopOne.Evaluate(samples, ways, seed: 1);

        // Then the accuracy is the chance level 3/(N+2) within ±0.01
        Assert.InRange(result.Accuracy, result.ChanceLevel - 0.01, result.ChanceLevel + 0.01);
    }

    [Fact]
    public void Evaluate_WhenPredictionEqualsGroundTruth_IsOne()
    {
        // Given identical logits / When evaluated / Then every trial hits
        var random = new Random(3);
        var samples = Enumerable.Range(0, 5).Select(i =>
        {
            var l = RandomLogits(random, 400);
            return new NWaySample(l, l, i);
        }).ToList();
        var result = NWayTopOne.Evaluate(samples, 50);
        Assert.Equal(1.0, result.Accuracy);
        Assert.Equal(0.0, result.Std);
    }

    [Fact]
    public void Evaluate_WithSameSeed_IsDeterministicAndSeedsMatter()
    {
        // Given the same samples / When evaluated twice with one seed and once with another
        var random = new Random(9);
        var samples = Enumerable.Range(0, 20).Select(i => new NWaySample(RandomLogits(random, 50), RandomLogits(random, 50), i)).ToList();
        var a = NWayTopOne.Evaluate(samples, 2, seed: 5);
        var b = NWayTopOne.Evaluate(samples, 2, seed: 5);
        var c = NWayTopOne.Evaluate(samples, 2, seed: 6);

        // Then the same seed repeats exactly and another seed draws differently
        Assert.Equal(a.PerSample, b.PerSample);
        Assert.NotEqual(a.PerSample, c.PerSample);
    }

    [Fact]
    public void SampleAccuracy_AnyOfTopThreeRule_HandCase()
    {
        // Given GT top-3 = classes 0, 1, 2 and a prediction whose best GT class (2) is beaten only by class 3
        float[] gt = [5, 4, 3, 0, 0, 0];
        float[] pred = [0, 0, 2, 3, 1, 1];

        // When 2-way (one distractor from classes 3, 4, 5)
        var acc = NWayTopOne.SampleAccuracy(gt, pred, 2, new Random(1), trials: 3000);

        // Then it hits whenever the distractor is not class 3: about 2/3
        Assert.InRange(acc, 0.63, 0.70);
    }

    [Fact]
    public void Evaluate_StdIsMeanOfBinomialStds()
    {
        // Given one sample that always hits and one that never does (its GT class is the prediction's lowest)
        float[] gt = [9, 8, 7, 0, 0];
        float[] never = [-5, -5, -5, 1, 1];
        var result = NWayTopOne.Evaluate([new NWaySample(gt, gt, 0), new NWaySample(gt, never, 1)], 2);

        // Then accuracy 0.5, binomial std 0 for both, spread std 0.5
        Assert.Equal(0.5, result.Accuracy);
        Assert.Equal(0.0, result.Std);
        Assert.Equal(0.5, result.SpreadStd);
    }

    [Fact]
    public void TopK_ReturnsLargestFirst()
    {
        // Given logits / When / Then indices by descending value
        Assert.Equal([3, 0, 2], NWayTopOne.TopK([5f, 1f, 4f, 9f], 3));
    }

    private static float[] RandomLogits(Random random, int classes) =>
        Enumerable.Range(0, classes).Select(_ => (float)(random.NextDouble() * 6)).ToArray();
}
