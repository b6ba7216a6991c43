namespace Neurons.Evaluation.Classification;

/// <summary>N-way top-1 accuracy as NEURONS reports it.</summary>
/// <param name="Ways">N.</param>
/// <param name="Accuracy">The mean over samples of hits/trials.</param>
/// <param name="Std">The mean over samples of √(acc(1−acc)/trials) (what <c>eval_metrics.py</c> reports as ±).</param>
/// <param name="SpreadStd">The population std of the per-sample accuracies.</param>
/// <param name="ChanceLevel">The expected accuracy of an uninformative prediction, k/(N+k−1) (3/(N+2) for top-3).</param>
/// <param name="PerSample">Each sample's accuracy.</param>
public sealed record NWayResult(int Ways, double Accuracy, double Std, double SpreadStd, double ChanceLevel, IReadOnlyList<double> PerSample);
