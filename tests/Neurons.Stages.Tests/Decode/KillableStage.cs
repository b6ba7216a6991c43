using Neurons.Engine.Stages;
using Neurons.Stages.Tests.Generate;

namespace Neurons.Stages.Tests.Decode;

/// <summary>
/// Runs a real stage and records every shard it is asked to compute; when armed, it kills the run (cancels its
/// token) as soon as the stage reports <see cref="KillAtProgress"/> on the shard named <see cref="KillShard"/>,
/// synchronously, so the kill lands mid-shard.
/// </summary>
internal sealed class KillableStage(IStage inner) : IStage
{
    public string Name => inner.Name;

    public List<string> RanShards { get; } = [];

    public string? KillShard { get; set; }

    public double KillAtProgress { get; set; } = 0.5;

    public CancellationTokenSource? Kill { get; set; }

    public Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        lock (RanShards)
        {
            RanShards.Add(context.Shard.Name);
        }

        if (Kill is null || context.Shard.Name != KillShard)
        {
            return inner.RunAsync(context, cancellationToken);
        }

        var killing = new StageContext(
            context.StageName,
            context.Shard,
            context.AllShards,
            context.Parameters,
            context.DatasetRoot,
            context.WorkspaceRoot,
            context.SourceFiles,
            context.InputTables.ToDictionary(t => t, context.Input),
            context.OutputTables.ToDictionary(t => t, context.Output),
            context.Logger,
            new CancelAfterProgress(Kill, KillAtProgress),
            context.Time)
        {
            Fingerprint = context.Fingerprint,
        };
        return inner.RunAsync(killing, cancellationToken);
    }
}
