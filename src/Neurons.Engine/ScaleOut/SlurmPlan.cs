namespace Neurons.Engine.ScaleOut;

/// <summary>A job chain for <c>pipeline slurm</c>: the jobs in submission order (every job after those it depends on).</summary>
/// <param name="Jobs">The jobs to submit.</param>
/// <param name="ArrayTasks">N, the number of shard sets the per-shard stages are split into.</param>
/// <param name="Skipped">Jobs left out because all their work is done (<c>--resume</c>), by name.</param>
public sealed record SlurmPlan(IReadOnlyList<SlurmJob> Jobs, int ArrayTasks, IReadOnlyList<string> Skipped);
