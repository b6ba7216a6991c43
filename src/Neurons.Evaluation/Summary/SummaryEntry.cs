namespace Neurons.Evaluation.Summary;

/// <summary>One aggregated metric of an evaluation run.</summary>
/// <param name="Metric">The metric key.</param>
/// <param name="Variant">The variant key.</param>
/// <param name="Value">The aggregated value.</param>
/// <param name="Std">The "±" as the reference reports it; NaN when none.</param>
/// <param name="Count">The number of clips (or clip frames) aggregated.</param>
/// <param name="ChanceLevel">For N-way metrics, 3/(N+2); otherwise null.</param>
public sealed record SummaryEntry(string Metric, string Variant, double Value, double Std, int Count, double? ChanceLevel);
