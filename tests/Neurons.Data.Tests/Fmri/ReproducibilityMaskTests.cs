using Neurons.Data.Fmri;

namespace Neurons.Data.Tests.Fmri;

public sealed class ReproducibilityMaskTests
{
    [Fact]
    public void Pearson_MatchesTheTextbookValue()
    {
        // Given x = 1..5 and y = 2, 4, 5, 4, 5: r = 6 / √(10 · 6)
        float[] x = [1, 2, 3, 4, 5];
        float[] y = [2, 4, 5, 4, 5];

        // When / Then
        Assert.Equal(6 / Math.Sqrt(60), ReproducibilityMask.Pearson(x, y), 12);
    }

    [Fact]
    public void Select_WithThreeSegments_KeepsExactlyTheReproducibleVertices()
    {
        // Given 3 training segments (df = 2) of 24 TRs, 40 vertices; vertices 5..12 repeat the same signal
        // in both viewings with little noise, the others are independent noise in each viewing
        var rng = new Random(11);
        var mask = new ReproducibilityMask(40);
        for (var s = 0; s < 3; s++)
        {
            var a = new float[40 * 24];
            var b = new float[40 * 24];
            for (var v = 0; v < 40; v++)
            {
                for (var t = 0; t < 24; t++)
                {
                    var signal = Gaussian(rng);
                    var reproducible = v is >= 5 and <= 12;
                    a[(v * 24) + t] = (float)((reproducible ? signal : 0) + (Gaussian(rng) * (reproducible ? 1e-4 : 1)));
                    b[(v * 24) + t] = (float)((reproducible ? signal : 0) + (Gaussian(rng) * (reproducible ? 1e-4 : 1)));
                }
            }

            var rows = Enumerable.Range(0, 40).ToArray();
            mask.AddSegment(new PreprocessedRun(rows, 24, a, 0), new PreprocessedRun(rows, 24, b, 0));
        }

        // When tested at Bonferroni p < 0.05, two-sided
        var result = mask.Select(0.05, TestSidedness.TwoSided);

        // Then exactly vertices 5..12 are kept, with df 2 and threshold 0.05/40
        Assert.Equal(Enumerable.Range(5, 8), result.Selected);
        Assert.Equal(2, result.DegreesOfFreedom);
        Assert.Equal(0.05 / 40, result.Threshold, 15);
        Assert.All(result.Selected, v => Assert.True(result.MeanZ[v] > 5));
    }

    [Fact]
    public void Select_KnownZValues_GivesTheClosedFormTwoDegreesOfFreedomPValue()
    {
        // Given one vertex whose repeats correlate at r = tanh(1), tanh(1.1), tanh(0.9) in three segments
        var mask = new ReproducibilityMask(1);
        foreach (var z in new[] { 1.0, 1.1, 0.9 })
        {
            var (a, b) = PairWithCorrelation(Math.Tanh(z));
            mask.AddSegment(new PreprocessedRun([0], a.Length, a, 0), new PreprocessedRun([0], b.Length, b, 0));
        }

        // When
        var result = mask.Select(0.05, TestSidedness.TwoSided);

        // Then t = mean / (s/√3) = 1 / (0.1/√3) and p = 1 − t/√(2+t²)
        var t = 1 / (0.1 / Math.Sqrt(3));
        Assert.Equal(t, result.T[0], 1e-4);
        Assert.Equal(1 - (t / Math.Sqrt(2 + (t * t))), result.P[0], 1e-6);
        Assert.Equal([0], result.Selected);
    }

    [Fact]
    public void Select_Greater_RejectsConsistentlyAntiCorrelatedVertices()
    {
        // Given one vertex whose repeats anti-correlate at z ≈ −1 in every segment
        var both = new ReproducibilityMask(1);
        var greater = new ReproducibilityMask(1);
        foreach (var z in new[] { -1.0, -1.05, -0.95 })
        {
            var (a, b) = PairWithCorrelation(Math.Tanh(z));
            both.AddSegment(new PreprocessedRun([0], a.Length, a, 0), new PreprocessedRun([0], b.Length, b, 0));
            greater.AddSegment(new PreprocessedRun([0], a.Length, a, 0), new PreprocessedRun([0], b.Length, b, 0));
        }

        // When tested two-sided and one-sided
        // Then only the two-sided test keeps it
        Assert.Equal([0], both.Select(0.05, TestSidedness.TwoSided).Selected);
        Assert.Empty(greater.Select(0.05, TestSidedness.Greater).Selected);
    }

    [Fact]
    public void Select_WithOneSegment_FailsClearly()
    {
        // Given one training segment only
        var mask = new ReproducibilityMask(1);
        var (a, b) = PairWithCorrelation(0.5);
        mask.AddSegment(new PreprocessedRun([0], a.Length, a, 0), new PreprocessedRun([0], b.Length, b, 0));

        // When / Then
        var ex = Assert.Throws<InvalidOperationException>(() => mask.Select(0.05, TestSidedness.TwoSided));
        Assert.Contains("at least 2 training segments", ex.Message, StringComparison.Ordinal);
    }

    // Two series whose sample correlation is exactly r: u and r·u + √(1−r²)·w with u ⟂ w, both mean 0.
    private static (float[] A, float[] B) PairWithCorrelation(double r)
    {
        double[] u = [1, -1, 1, -1, 0, 0];
        double[] w = [1, 1, -1, -1, 0, 0];
        var b = u.Zip(w, (x, y) => (float)((r * x) + (Math.Sqrt(1 - (r * r)) * y))).ToArray();
        return (u.Select(x => (float)x).ToArray(), b);
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
