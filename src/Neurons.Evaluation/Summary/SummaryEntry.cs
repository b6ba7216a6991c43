namespace Neurons.Evaluation.Summary;

/// <summary>One aggregated metric of an evaluation run.</summary>
/// <param name="Metric">The metric key.</param>
/// <param name="Variant">The variant key.</param>
/// <param name="Value">The aggregated value.</param>
/// <param name="Std">The "±" as the reference reports it; NaN when none.</param>
/// <param name="Count">The number of clips (or clip frames) aggregated.</param>
/// <param name="ChanceLevel">For N-way metrics, 3/(N+2); otherwise null.</param>
/// <param name="Subject">The subject; 0 for the mean over subjects (and the sanity run).</param>
/// <param name="NullMean">The mean of the permutation null; NaN where none.</param>
/// <param name="NullStd">The std of the permutation null; NaN where none.</param>
/// <param name="PValue">The one-sided permutation p-value; NaN where none.</param>
/// <param name="Permutations">The number of permutations of the null; 0 where none.</param>
/// <param name="Prediction">Which prediction was scored (<c>decoded</c>, <c>generated</c>; empty in the sanity run).</param>
public sealed record SummaryEntry(
    string Metric,
    string Variant,
    double Value,
    double Std,
    int Count,
    double? ChanceLevel,
    int Subject = 0,
    double NullMean = double.NaN,
    double NullStd = double.NaN,
    double PValue = double.NaN,
    int Permutations = 0,
    string Prediction = "");
