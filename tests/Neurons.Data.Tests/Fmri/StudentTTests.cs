using Neurons.Data.Fmri;

namespace Neurons.Data.Tests.Fmri;

public sealed class StudentTTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(3.0)]
    [InlineData(40.0)]
    public void PValue_WithOneDegreeOfFreedom_IsTheCauchyTail(double t)
    {
        // Given df = 1, where P(|T| ≥ t) = 1 − (2/π) atan t
        var expected = 1 - (2 / Math.PI * Math.Atan(t));

        // When / Then
        Assert.Equal(expected, StudentT.PValue(t, 1, TestSidedness.TwoSided), 1e-12);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(4.302652729911275)]
    [InlineData(63.0)]
    [InlineData(1e4)]
    public void PValue_WithTwoDegreesOfFreedom_MatchesTheClosedFormEvenForTinyTails(double t)
    {
        // Given df = 2 (3 training segments): P(|T| ≥ t) = 1 − t/√(2+t²) = 2 / (√(2+t²) (√(2+t²) + t))
        var s = Math.Sqrt(2 + (t * t));
        var expected = 2 / (s * (s + t));

        // When
        var p = StudentT.PValue(t, 2, TestSidedness.TwoSided);

        // Then the relative error is tiny (t = 4.3027 is the 0.975 quantile: p = 0.05; t = 1e4: p = 2e-8)
        Assert.Equal(1, p / expected, 1e-10);
    }

    [Fact]
    public void PValue_At17DegreesOfFreedom_MatchesTheTabulatedQuantiles()
    {
        // Given the 0.975 and 0.995 quantiles of t(17): 2.109815578, 2.898230519
        // When / Then
        Assert.Equal(0.05, StudentT.PValue(2.109815578, 17, TestSidedness.TwoSided), 1e-8);
        Assert.Equal(0.01, StudentT.PValue(2.898230519, 17, TestSidedness.TwoSided), 1e-8);
        Assert.Equal(0.975, StudentT.Cdf(2.109815578, 17), 1e-8);
        Assert.Equal(0.025, StudentT.Cdf(-2.109815578, 17), 1e-8);
    }

    [Theory]
    [InlineData(2.109815578, 0.025)]
    [InlineData(-2.109815578, 0.975)]
    public void PValue_Greater_IsTheUpperTail(double t, double expected)
    {
        // Given the one-sided alternative mean > 0 / When / Then
        Assert.Equal(expected, StudentT.PValue(t, 17, TestSidedness.Greater), 1e-8);
    }

    [ScipyFact]
    public void PValue_MatchesScipyTwoSidedAndGreater_DownToTinyTails()
    {
        // Given a grid of statistics and degrees of freedom, tails from 0.9 down to about 1e-70
        double[] ts = [0.1, 1.0, 2.5, 6.0, 30.0];
        double[] dfs = [1, 2, 3, 5.5, 17, 200];
        var script = "import scipy.stats as st\n"
            + $"for t in {Python(ts)}:\n"
            + $"    for df in {Python(dfs)}:\n"
            + "        print(repr(float(2 * st.t.sf(t, df))), repr(float(st.t.sf(-t, df))))\n";

        // When scipy (the independent oracle) and this code compute them
        var (exit, output) = ScipyFactAttribute.RunPython(script);
        Assert.True(exit == 0, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // Then both sides agree to a relative 1e-9, tiny tails included
        var i = 0;
        foreach (var t in ts)
        {
            foreach (var df in dfs)
            {
                var expected = lines[i++].Split(' ').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                Assert.Equal(1, StudentT.PValue(t, df, TestSidedness.TwoSided) / expected[0], 1e-9);
                Assert.Equal(1, StudentT.PValue(-t, df, TestSidedness.Greater) / expected[1], 1e-9);
            }
        }
    }

    private static string Python(double[] values) =>
        "[" + string.Join(", ", values.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "]";

    [Fact]
    public void OneSampleT_UsesTheSampleStandardDeviation()
    {
        // Given 1, 2, 3: mean 2, s = 1, so t = 2 / (1/√3)
        // When / Then
        Assert.Equal(2 * Math.Sqrt(3), StudentT.OneSampleT([1.0, 2.0, 3.0]), 12);
    }

    [Fact]
    public void PValue_WhenTIsInfinite_IsZero()
    {
        // Given identical z values in every segment (zero spread) / When / Then
        Assert.Equal(0, StudentT.PValue(double.PositiveInfinity, 2, TestSidedness.TwoSided));
        Assert.Equal(1, StudentT.PValue(double.NegativeInfinity, 2, TestSidedness.Greater));
    }
}
