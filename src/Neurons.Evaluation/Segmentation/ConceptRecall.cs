namespace Neurons.Evaluation.Segmentation;

/// <summary>
/// NEURONS's "concept accuracy" (<c>gen_decoupled_outputs.py</c> L452–473): per concept, over all clips,
/// #(score &gt; 0.5 ∧ label) / #(label), i.e. recall; 0 (not excluded) when a concept has no positives.
/// </summary>
public static class ConceptRecall
{
    /// <summary>Computes the recall of every concept.</summary>
    /// <param name="scores">Per clip, the predicted probability (after sigmoid) of every concept.</param>
    /// <param name="labels">Per clip, the ground-truth multi-hot labels.</param>
    /// <param name="threshold">The decision threshold on the probability (NEURONS: 0.5, strict).</param>
    /// <returns>Per concept: recall and the number of positives.</returns>
    /// <exception cref="ArgumentException">The clip counts or concept counts differ.</exception>
    public static IReadOnlyList<(double Recall, int Positives)> Compute(IReadOnlyList<IReadOnlyList<double>> scores, IReadOnlyList<IReadOnlyList<bool>> labels, double threshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        if (scores.Count != labels.Count)
        {
            throw new ArgumentException($"{scores.Count} score rows but {labels.Count} label rows", nameof(labels));
        }

        if (scores.Count == 0)
        {
            return [];
        }

        var concepts = labels[0].Count;
        var hits = new int[concepts];
        var positives = new int[concepts];
        for (var i = 0; i < scores.Count; i++)
        {
            if (scores[i].Count != concepts || labels[i].Count != concepts)
            {
                throw new ArgumentException($"clip {i}: expected {concepts} concepts, got {scores[i].Count} scores and {labels[i].Count} labels", nameof(scores));
            }

            for (var c = 0; c < concepts; c++)
            {
                if (labels[i][c])
                {
                    positives[c]++;
                    hits[c] += scores[i][c] > threshold ? 1 : 0;
                }
            }
        }

        return Enumerable.Range(0, concepts)
            .Select(c => (positives[c] == 0 ? 0.0 : (double)hits[c] / positives[c], positives[c]))
            .ToList();
    }
}
