namespace Neurons.Engine.Config;

/// <summary>How a stage is split into work items.</summary>
public enum StageScope
{
    /// <summary>One work item per dataset shard.</summary>
    Shard,

    /// <summary>One work item over all shards (all-to-one, e.g. training).</summary>
    Global,
}
