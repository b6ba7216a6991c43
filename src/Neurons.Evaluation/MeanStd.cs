namespace Neurons.Evaluation;

/// <summary>A mean with its population standard deviation (<c>np.std</c>, ddof 0) and the sample count.</summary>
/// <param name="Mean">The mean; NaN when <paramref name="Count"/> is 0.</param>
/// <param name="Std">The population standard deviation; NaN when <paramref name="Count"/> is 0.</param>
/// <param name="Count">The number of values.</param>
public sealed record MeanStd(double Mean, double Std, int Count)
{
    /// <summary>Computes the mean and population standard deviation of the values.</summary>
    public static MeanStd Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var list = values as IReadOnlyList<double> ?? values.ToList();
        if (list.Count == 0)
        {
            return new MeanStd(double.NaN, double.NaN, 0);
        }

        var mean = 0.0;
        foreach (var v in list)
        {
            mean += v;
        }

        mean /= list.Count;
        var ss = 0.0;
        foreach (var v in list)
        {
            ss += (v - mean) * (v - mean);
        }

        return new MeanStd(mean, Math.Sqrt(ss / list.Count), list.Count);
    }
}
