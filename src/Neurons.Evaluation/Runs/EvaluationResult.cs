using Neurons.Data.Tables;
using Neurons.Evaluation.Null;
using Neurons.Evaluation.Summary;

namespace Neurons.Evaluation.Runs;

/// <summary>What one evaluation run produced: the rows of the <c>metrics</c> table, their summary, and the permutation null of each aggregate.</summary>
/// <param name="Rows">Every per-frame, per-clip and aggregate row.</param>
/// <param name="Summary">The aggregates with their nulls, and the run's notes.</param>
/// <param name="Nulls">The permutation null of each aggregate that has one, keyed by <see cref="Key"/>.</param>
public sealed record EvaluationResult(IReadOnlyList<MetricRow> Rows, MetricSummary Summary, IReadOnlyDictionary<string, NullResult> Nulls)
{
    /// <summary>The key of an aggregate in <see cref="Nulls"/>.</summary>
    public static string Key(string metric, string variant) => $"{metric}|{variant}";

    /// <summary>Deconstructs into the rows and the summary.</summary>
    public void Deconstruct(out IReadOnlyList<MetricRow> rows, out MetricSummary summary)
    {
        rows = Rows;
        summary = Summary;
    }
}
