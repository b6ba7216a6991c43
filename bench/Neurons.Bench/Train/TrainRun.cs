namespace Neurons.Bench.Train;

/// <summary>What one benchmark training run measured.</summary>
/// <param name="StepsRun">Steps trained.</param>
/// <param name="StepTime">Time inside the training steps (including waiting for data).</param>
/// <param name="DataWait">Time the steps waited for the prefetcher.</param>
/// <param name="WallSeconds">Wall time of the whole run, evaluations and checkpoints included.</param>
/// <param name="LoadAverage">The mean of the 1-minute load averages read at the start, every 100 steps and the end.</param>
internal sealed record TrainRun(long StepsRun, TimeSpan StepTime, TimeSpan DataWait, double WallSeconds, double LoadAverage);
