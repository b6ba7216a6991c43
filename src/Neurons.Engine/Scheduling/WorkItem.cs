using Neurons.Engine.Config;
using Neurons.Engine.Stages;

namespace Neurons.Engine.Scheduling;

/// <summary>One unit of scheduling: a stage on one shard (or on <see cref="Shard.All"/> for global stages).</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Shard">The shard.</param>
public sealed record WorkItem(StageDefinition Stage, Shard Shard)
{
    /// <summary>Gets the display id, <c>stage/shard</c>.</summary>
    public string Id => $"{Stage.Name}/{Shard.Name}";

    /// <inheritdoc/>
    public override string ToString() => Id;
}
