using Neurons.Data.Fmri;

namespace Neurons.Data.Tests.Fmri;

public sealed class PolynomialDetrenderTests
{
    [Fact]
    public void Detrend_WhenSeriesIsAQuarticInRawT_LeavesRoundingNoiseOnly()
    {
        // Given 3 + 2t − 0.01 t² + 1e-4 t³ + 2e-8 t⁴ for t = 1..240 (t⁴ up to 3.3e9: the ill-conditioned case)
        var y = Enumerable.Range(1, 240).Select(t => 3 + (2.0 * t) - (0.01 * t * t) + (1e-4 * t * t * t) + (2e-8 * Math.Pow(t, 4))).ToArray();
        var scale = y.Max(Math.Abs);

        // When detrended with order 4
        new PolynomialDetrender(240, 4).Detrend(y);

        // Then what is left is rounding noise relative to the signal
        Assert.All(y, v => Assert.True(Math.Abs(v) < 1e-12 * scale, $"residual {v}"));
    }

    [Fact]
    public void Detrend_RandomSeries_MatchesHouseholderLeastSquaresOnTheAuthorsBasis()
    {
        // Given a random series with a strong trend
        var rng = new Random(7);
        var y = Enumerable.Range(1, 240).Select(t => (rng.NextDouble() * 10) + (0.5 * t) + (1e-7 * Math.Pow(t, 4))).ToArray();
        var expected = ReferencePreprocessing.DetrendAndZScore(y);

        // When detrended and z-scored by the production code
        var actual = (double[])y.Clone();
        new PolynomialDetrender(240, 4).Detrend(actual);
        RunPreprocessor.ZScore(actual);

        // Then it equals the reference to 1e-9
        for (var i = 0; i < 240; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-9);
        }
    }

    [Fact]
    public void Detrend_WhenOrderZero_OnlyDemeans()
    {
        // Given 1, 2, 3, 6
        double[] y = [1, 2, 3, 6];

        // When detrended with order 0
        new PolynomialDetrender(4, 0).Detrend(y);

        // Then the mean 3 is subtracted
        Assert.Equal([-2, -1, 0, 3], y.Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void Constructor_WhenTooFewPoints_Throws()
    {
        // Given 5 points for a degree-4 fit (no residual degrees of freedom) / When / Then
        Assert.Throws<ArgumentOutOfRangeException>(() => new PolynomialDetrender(4, 4));
    }

    [Fact]
    public void ZScore_UsesTheSampleStandardDeviation()
    {
        // Given 1, 2, 3, 4: mean 2.5, N−1 standard deviation √(5/3)
        double[] y = [1, 2, 3, 4];

        // When z-scored
        var varied = RunPreprocessor.ZScore(y);

        // Then (x − 2.5) / √(5/3), not the population (N) form
        Assert.True(varied);
        Assert.Equal(-1.5 / Math.Sqrt(5.0 / 3), y[0], 12);
        Assert.Equal(1.5 / Math.Sqrt(5.0 / 3), y[3], 12);
    }

    [Fact]
    public void ZScore_WhenConstant_WritesZeros()
    {
        // Given a constant series
        double[] y = [5, 5, 5];

        // When z-scored
        var varied = RunPreprocessor.ZScore(y);

        // Then it reports no variance and holds zeros
        Assert.False(varied);
        Assert.Equal([0, 0, 0], y);
    }
}
