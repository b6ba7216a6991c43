namespace Neurons.Engine.ScaleOut;

/// <summary>One job of a Slurm job chain: an array job over shard sets for per-shard stages, or one job for a global stage.</summary>
/// <param name="Name">The job name (<c>--job-name</c>), also the script's file name without its number.</param>
/// <param name="Stages">The stages the job runs (<c>pipeline run --stage …</c>), in topological order.</param>
/// <param name="IsArray">Whether the job is an array over shard sets (<c>--shard $((SLURM_ARRAY_TASK_ID+1))/N</c>).</param>
/// <param name="Tasks">The array indices to run (0-based; shard set k+1 of N), empty for a global job.</param>
/// <param name="DependsOn">The positions in the plan of the jobs this one starts after (<c>afterok</c>).</param>
/// <param name="UsesGpu">Whether one of its stages uses a GPU, so the job asks for <see cref="SlurmOptions.Gpus"/>.</param>
public sealed record SlurmJob(string Name, IReadOnlyList<string> Stages, bool IsArray, IReadOnlyList<int> Tasks, IReadOnlyList<int> DependsOn, bool UsesGpu);
