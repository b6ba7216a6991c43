using MathNet.Numerics;

namespace Neurons.Data.Fmri;

/// <summary>Student's t distribution: tail probabilities and the one-sample t statistic.</summary>
public static class StudentT
{
    /// <summary>Returns P(T ≤ t) for <paramref name="df"/> degrees of freedom.</summary>
    public static double Cdf(double t, double df)
    {
        var tail = 0.5 * TwoSidedTail(t, df);
        return t >= 0 ? 1 - tail : tail;
    }

    /// <summary>Returns the p-value of statistic <paramref name="t"/> with <paramref name="df"/> degrees of freedom.</summary>
    public static double PValue(double t, double df, TestSidedness sidedness)
    {
        if (double.IsNaN(t))
        {
            return double.NaN;
        }

        var both = TwoSidedTail(t, df);
        return sidedness switch
        {
            TestSidedness.TwoSided => both,
            _ => t >= 0 ? 0.5 * both : 1 - (0.5 * both),
        };
    }

    /// <summary>
    /// Returns the one-sample t statistic of <paramref name="values"/> against 0: mean / (s / √n) with the
    /// N−1 standard deviation s. Zero spread gives ±∞ (or NaN for a zero mean).
    /// </summary>
    public static double OneSampleT(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        if (n < 2)
        {
            throw new ArgumentException($"a one-sample t-test needs at least 2 values, got {n}", nameof(values));
        }

        var mean = 0.0;
        foreach (var v in values)
        {
            mean += v;
        }

        mean /= n;
        var ss = 0.0;
        foreach (var v in values)
        {
            ss += (v - mean) * (v - mean);
        }

        var se = Math.Sqrt(ss / (n - 1) / n);
        return mean / se;
    }

    /// <summary>
    /// P(|T| ≥ |t|) = I_{df/(df+t²)}(df/2, 1/2) (MathNet's regularized incomplete beta), accurate for tiny tails:
    /// the tail is computed directly, never as 1 − CDF.
    /// </summary>
    private static double TwoSidedTail(double t, double df)
    {
        if (!(df > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(df), $"degrees of freedom must be positive, got {df}");
        }

        if (double.IsInfinity(t))
        {
            return 0;
        }

        var x = df / (df + (t * t));
        return SpecialFunctions.BetaRegularized(df / 2, 0.5, x);
    }
}
