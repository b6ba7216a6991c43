namespace Neurons.Evaluation.Captions;

/// <summary>Verb accuracy of a set of predicted captions against their ground truth.</summary>
/// <param name="Accuracy">#{i : V(pred) ∩ V(gt) ≠ ∅} / #{i : V(gt) ≠ ∅}; NaN when no ground truth has a verb.</param>
/// <param name="FirstVerbAccuracy">The SAAT-style variant: the prediction's first verb is in V(gt).</param>
/// <param name="Hits">Items whose verb sets intersect.</param>
/// <param name="FirstVerbHits">Items whose prediction's first verb is a ground-truth verb.</param>
/// <param name="Counted">Items whose ground truth has at least one verb (the denominator).</param>
/// <param name="Total">All items.</param>
public sealed record VerbAccuracyResult(double Accuracy, double FirstVerbAccuracy, int Hits, int FirstVerbHits, int Counted, int Total);
