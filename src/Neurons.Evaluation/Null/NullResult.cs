namespace Neurons.Evaluation.Null;

/// <summary>A metric next to its permutation null: the same metric with the predictions paired to other clips.</summary>
/// <param name="Observed">The metric with every prediction paired to its own clip.</param>
/// <param name="Mean">The mean of the null values (NaN when there are none).</param>
/// <param name="Std">Their population standard deviation (NaN when there are none).</param>
/// <param name="PValue">One-sided: (1 + #null values at least as good as the observed one) / (1 + #permutations).</param>
/// <param name="Values">The metric under each permutation, in permutation order.</param>
/// <param name="Direction">Which way the metric improves.</param>
public sealed record NullResult(double Observed, double Mean, double Std, double PValue, IReadOnlyList<double> Values, MetricDirection Direction)
{
    /// <summary>Gets the number of permutations.</summary>
    public int Permutations => Values.Count;
}
