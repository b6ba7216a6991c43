namespace Neurons.Bench.Train;

/// <summary>What one benchmark training run measured.</summary>
/// <param name="StepsRun">Steps trained.</param>
/// <param name="StepTime">Time inside the training steps (including waiting for data).</param>
/// <param name="DataWait">Time the steps waited for the prefetcher.</param>
/// <param name="WallSeconds">Wall time of the whole run, evaluations and checkpoints included.</param>
internal sealed record TrainRun(long StepsRun, TimeSpan StepTime, TimeSpan DataWait, double WallSeconds);
