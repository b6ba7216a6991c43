using Neurons.Data.Tables;
using Neurons.Evaluation.Null;
using Neurons.Evaluation.Runs;
using Neurons.Evaluation.Summary;

namespace Neurons.Evaluation.Tests.Runs;

public class SubjectAverageTests
{
    private static EvaluationResult Subject(int subject, double value, double std, double[] nullValues)
    {
        var row = new MetricRow { Metric = "dice", Variant = "plain", Comparison = "pred_vs_gt", Prediction = "decoded", Subject = subject, Level = MetricRow.AggregateLevel, Value = value, Std = std, Count = 10 };
        var nul = PermutationNull.Compare(value, nullValues, MetricDirection.HigherIsBetter);
        return new EvaluationResult([row], MetricSummary.FromRows([row], []), new Dictionary<string, NullResult> { ["dice|plain"] = nul });
    }

    [Fact]
    public void Of_TwoSubjects_AveragesValuesAndTheNullPermutationByPermutation()
    {
        // Given subject 1: 0.5 ± 0.1, null [0.1, 0.6, 0.2]; subject 2: 0.3 ± 0.3, null [0.3, 0.0, 0.5]
        var results = new[] { Subject(1, 0.5, 0.1, [0.1, 0.6, 0.2]), Subject(2, 0.3, 0.3, [0.3, 0.0, 0.5]) };

        // When averaged
        var row = Assert.Single(SubjectAverage.Of(results));

        // Then value 0.4, "±" 0.2, the null is [0.2, 0.3, 0.35] (mean 0.85/3), none reaches 0.4 so p = 1/4
        Assert.Equal(0, row.Subject);
        Assert.Equal(0.4, row.Value, 12);
        Assert.Equal(0.2, row.Std, 12);
        Assert.Equal(20, row.Count);
        Assert.Equal(0.85 / 3, row.NullMean, 12);
        Assert.Equal(0.25, row.PValue, 12);
        Assert.Equal(3, row.NullPermutations);
        Assert.Equal("decoded", row.Prediction);
    }
}
