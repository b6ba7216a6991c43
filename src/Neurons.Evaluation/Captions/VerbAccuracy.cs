namespace Neurons.Evaluation.Captions;

/// <summary>Verb accuracy by the project's definition (docs/evaluation.md); NEURONS published no code for it.</summary>
public static class VerbAccuracy
{
    /// <summary>Scores predicted captions against ground-truth captions (same order).</summary>
    /// <exception cref="ArgumentException">The two lists differ in length.</exception>
    public static VerbAccuracyResult Score(VerbExtractor extractor, IReadOnlyList<string> predictions, IReadOnlyList<string> groundTruth)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(groundTruth);
        if (predictions.Count != groundTruth.Count)
        {
            throw new ArgumentException($"{predictions.Count} predictions but {groundTruth.Count} ground-truth captions", nameof(predictions));
        }

        int hits = 0, firstHits = 0, counted = 0;
        for (var i = 0; i < predictions.Count; i++)
        {
            var gt = extractor.Extract(groundTruth[i]);
            if (gt.Count == 0)
            {
                continue;
            }

            counted++;
            var pred = extractor.Extract(predictions[i]);
            if (pred.Any(gt.Contains))
            {
                hits++;
            }

            if (pred.Count > 0 && gt.Contains(pred[0]))
            {
                firstHits++;
            }
        }

        return new VerbAccuracyResult(
            counted == 0 ? double.NaN : (double)hits / counted,
            counted == 0 ? double.NaN : (double)firstHits / counted,
            hits,
            firstHits,
            counted,
            predictions.Count);
    }
}
