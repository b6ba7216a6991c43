namespace Neurons.Model.Training;

/// <summary>
/// Average precision of one label's scores (scikit-learn's <c>average_precision_score</c>: Σₙ (Rₙ − Rₙ₋₁)·Pₙ over the
/// distinct score thresholds, ties counted together, so a constant score gives the positive rate) and its mean over
/// the labels that have a positive.
/// </summary>
public static class AveragePrecision
{
    /// <summary>The average precision of <paramref name="scores"/> for the 0/1 <paramref name="labels"/>; NaN without a positive or with a NaN score.</summary>
    public static double Compute(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels)
    {
        if (scores.Length != labels.Length)
        {
            throw new ArgumentException($"average precision: {scores.Length} scores but {labels.Length} labels");
        }

        var positives = 0;
        foreach (var l in labels)
        {
            positives += l > 0.5f ? 1 : 0;
        }

        if (positives == 0)
        {
            return double.NaN;
        }

        var s = scores.ToArray();
        if (s.Any(float.IsNaN))
        {
            return double.NaN;
        }

        var order = Enumerable.Range(0, s.Length).OrderByDescending(i => s[i]).ToArray();
        double ap = 0, previousRecall = 0;
        int tp = 0, seen = 0;
        for (var k = 0; k < order.Length;)
        {
            var threshold = s[order[k]];
            while (k < order.Length && s[order[k]].Equals(threshold))
            {
                tp += labels[order[k]] > 0.5f ? 1 : 0;
                seen++;
                k++;
            }

            var recall = (double)tp / positives;
            ap += (recall - previousRecall) * tp / seen;
            previousRecall = recall;
        }

        return ap;
    }

    /// <summary>The mean AP over the columns of row-major [n, labels] arrays that have at least one positive; NaN when none has.</summary>
    public static double Mean(float[] scores, float[] labels, int labelCount)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        var n = labels.Length / labelCount;
        var aps = new List<double>();
        var columnScores = new float[n];
        var columnLabels = new float[n];
        for (var c = 0; c < labelCount; c++)
        {
            for (var i = 0; i < n; i++)
            {
                columnScores[i] = scores[(i * labelCount) + c];
                columnLabels[i] = labels[(i * labelCount) + c];
            }

            var ap = Compute(columnScores, columnLabels);
            if (!double.IsNaN(ap))
            {
                aps.Add(ap);
            }
        }

        return aps.Count == 0 ? double.NaN : aps.Average();
    }
}
