using Neurons.Data.Tables;
using Neurons.Evaluation.Null;

namespace Neurons.Evaluation.Runs;

/// <summary>
/// The mean over subjects of each aggregate, as the paper's "average" rows: value and "±" are the means
/// of the subjects' values, and the null is averaged permutation by permutation (every subject is paired
/// by the same permutations of the same clips), so the mean has its own p-value.
/// </summary>
public static class SubjectAverage
{
    /// <summary>Returns one aggregate row (subject 0) per metric and variant that every subject has.</summary>
    /// <param name="perSubject">Each subject's result over the same clips, in subject order.</param>
    public static IReadOnlyList<MetricRow> Of(IReadOnlyList<EvaluationResult> perSubject)
    {
        ArgumentNullException.ThrowIfNull(perSubject);
        if (perSubject.Count == 0)
        {
            return [];
        }

        var aggregates = perSubject
            .Select(r => r.Rows.Where(x => x.Level == MetricRow.AggregateLevel).ToDictionary(x => EvaluationResult.Key(x.Metric, x.Variant), StringComparer.Ordinal))
            .ToList();
        var result = new List<MetricRow>();
        foreach (var first in perSubject[0].Rows.Where(x => x.Level == MetricRow.AggregateLevel))
        {
            var key = EvaluationResult.Key(first.Metric, first.Variant);
            if (!aggregates.All(a => a.ContainsKey(key)))
            {
                continue;
            }

            var rows = aggregates.Select(a => a[key]).ToList();
            var row = new MetricRow
            {
                Metric = first.Metric,
                Variant = first.Variant,
                Comparison = first.Comparison,
                Prediction = first.Prediction,
                Subject = 0,
                Level = MetricRow.AggregateLevel,
                Value = rows.Average(r => r.Value),
                Std = rows.Average(r => r.Std),
                Count = rows.Sum(r => r.Count),
            };
            var nulls = perSubject.Select(r => r.Nulls.GetValueOrDefault(key)).ToList();
            if (nulls.All(n => n is not null) && nulls.Select(n => n!.Permutations).Distinct().Count() == 1)
            {
                var values = Enumerable.Range(0, nulls[0]!.Permutations).Select(k => nulls.Average(n => n!.Values[k])).ToList();
                var averaged = PermutationNull.Compare(row.Value, values, nulls[0]!.Direction);
                row.NullMean = averaged.Mean;
                row.NullStd = averaged.Std;
                row.PValue = averaged.PValue;
                row.NullPermutations = averaged.Permutations;
            }

            result.Add(row);
        }

        return result;
    }
}
