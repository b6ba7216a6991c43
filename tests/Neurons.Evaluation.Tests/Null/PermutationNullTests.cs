using Neurons.Evaluation.Null;

namespace Neurons.Evaluation.Tests.Null;

public class PermutationNullTests
{
    // Hand-worked example: truth labels A B A, predicted labels A B B; the metric is the fraction of clips
    // whose paired prediction has the truth's label. Observed (identity): clips 0 and 1 match → 2/3.
    // Under the six permutations of three clips (entry i = the prediction paired with clip i):
    //   [0,1,2] → A=A, B=B, B≠A → 2/3      [0,2,1] → A=A, B=B, B≠A → 2/3
    //   [1,0,2] → B≠A, A≠B, B≠A → 0        [1,2,0] → B≠A, B=B, A=A → 2/3
    //   [2,0,1] → B≠A, A≠B, B≠A → 0        [2,1,0] → B≠A, B=B, A=A → 2/3
    // Null mean = (4·2/3)/6 = 4/9; population variance = (4·(2/9)² + 2·(4/9)²)/6 = 8/81, std = √8/9;
    // four of six null values are ≥ 2/3, so p = (1 + 4)/(1 + 6) = 5/7; lower-is-better counts all six ≤ 2/3 → 7/7.
    private static readonly char[] Truth = ['A', 'B', 'A'];
    private static readonly char[] Predicted = ['A', 'B', 'B'];

    private static readonly int[][] AllSix = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];

    private static double Matches(int[] pairing) => pairing.Select((p, t) => Predicted[p] == Truth[t] ? 1.0 : 0.0).Average();

    [Fact]
    public void Evaluate_HandWorkedExample_GivesMeanStdAndP()
    {
        // Given the six permutations of three clips / When the null is evaluated
        var result = PermutationNull.Evaluate(Matches, 3, AllSix, MetricDirection.HigherIsBetter);

        // Then the observed value, null mean, std and p are the hand-computed ones
        Assert.Equal(2.0 / 3, result.Observed, 12);
        Assert.Equal([2.0 / 3, 2.0 / 3, 0, 2.0 / 3, 0, 2.0 / 3], result.Values.ToArray());
        Assert.Equal(4.0 / 9, result.Mean, 12);
        Assert.Equal(Math.Sqrt(8) / 9, result.Std, 12);
        Assert.Equal(5.0 / 7, result.PValue, 12);
        Assert.Equal(6, result.Permutations);
    }

    [Fact]
    public void Evaluate_LowerIsBetter_CountsNullValuesAtOrBelow()
    {
        // Given the same example read as an error / When evaluated / Then every null value counts
        var result = PermutationNull.Evaluate(Matches, 3, AllSix, MetricDirection.LowerIsBetter);
        Assert.Equal(1.0, result.PValue, 12);
    }

    [Fact]
    public void Compare_WhenObservedBeatsEveryNullValue_GivesTheSmallestP()
    {
        // Given 99 null values all below the observed one / When compared / Then p = 1/100
        var result = PermutationNull.Compare(0.9, Enumerable.Range(0, 99).Select(i => i / 200.0).ToList(), MetricDirection.HigherIsBetter);
        Assert.Equal(0.01, result.PValue, 12);
        Assert.Equal(49 / 200.0, result.Mean, 12);
    }

    [Fact]
    public void Compare_NaNNullValues_AreLeftOutOfMeanAndNeverCount()
    {
        // Given null values with a NaN / When compared / Then the mean skips it and the denominator keeps it
        var result = PermutationNull.Compare(0.5, [0.2, double.NaN, 0.6], MetricDirection.HigherIsBetter);
        Assert.Equal(0.4, result.Mean, 12);
        Assert.Equal(2.0 / 4, result.PValue, 12);
    }

    [Fact]
    public void Permutations_SameArguments_AreTheSamePermutationsAndDifferentSeedsDiffer()
    {
        // Given two draws with one seed and one with another
        var a = PermutationNull.Permutations(24, 100, 0);
        var b = PermutationNull.Permutations(24, 100, 0);
        var c = PermutationNull.Permutations(24, 100, 1);

        // Then each is a permutation of 0..23, the same seed repeats, another seed does not
        Assert.Equal(100, a.Count);
        Assert.All(a, p => Assert.Equal(Enumerable.Range(0, 24), p.Order()));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Permutations_AreUniform_FixedPointsAverageOne()
    {
        // Given 4000 permutations of 10 clips / When their fixed points are counted
        var fixedPoints = PermutationNull.Permutations(10, 4000, 5).Select(p => p.Where((v, i) => v == i).Count()).ToList();

        // Then the mean is 1 (a uniform permutation has one fixed point on average), within 4 standard errors (σ = 1)
        Assert.InRange(fixedPoints.Average(), 1 - (4 / Math.Sqrt(4000)), 1 + (4 / Math.Sqrt(4000)));
    }

    [Fact]
    public void Evaluate_WhenAPermutationHasTheWrongLength_NamesIt()
    {
        // Given a pairing of two clips for a metric of three / When evaluated / Then the error names it
        var ex = Assert.Throws<ArgumentException>(() => PermutationNull.Evaluate(Matches, 3, [[0, 1, 2], [1, 0]], MetricDirection.HigherIsBetter));
        Assert.Contains("permutation 1 pairs 2 clips, not 3", ex.Message, StringComparison.Ordinal);
    }
}
