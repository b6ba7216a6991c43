using Neurons.Evaluation.Classification;

namespace Neurons.Evaluation.Runs;

/// <summary>One clip's N-way inputs prepared once for the permutation null: per sample (the video, or each frame) its ground truth's top classes and distractor pool, and its prediction's softmax.</summary>
/// <param name="Index">The clip's position in its split (seeds the trials).</param>
/// <param name="Classes">Per sample, the ground truth's top-k classes.</param>
/// <param name="Pools">Per sample, the other classes in order.</param>
/// <param name="Probabilities">Per sample, the softmax of the prediction's logits.</param>
internal sealed record NWaySides(int Index, int[][] Classes, int[][] Pools, double[][] Probabilities)
{
    /// <summary>Prepares a clip's samples (ground-truth and prediction logits, sample by sample).</summary>
    /// <exception cref="ArgumentException">A pair of logit vectors differs in length.</exception>
    public static NWaySides Of(IReadOnlyList<float[]> truth, IReadOnlyList<float[]> prediction, int index)
    {
        var prepared = truth.Select((logits, f) => prediction[f].Length == logits.Length
            ? NWayTopOne.PrepareTruth(logits)
            : throw new ArgumentException($"logit lengths differ: {logits.Length} vs {prediction[f].Length}", nameof(prediction))).ToArray();
        return new NWaySides(index, [.. prepared.Select(p => p.Classes)], [.. prepared.Select(p => p.Pool)], [.. prediction.Select(p => NWayTopOne.Softmax(p))]);
    }
}
