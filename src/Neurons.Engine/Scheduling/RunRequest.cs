namespace Neurons.Engine.Scheduling;

/// <summary>What <c>pipeline run</c> was asked to do.</summary>
public sealed record RunRequest
{
    /// <summary>Gets the stages to run alone (<c>--stage</c>); empty for all.</summary>
    public IReadOnlyList<string> Stages { get; init; } = [];

    /// <summary>Gets the stage to rerun from, with everything downstream (<c>--from</c>), or null.</summary>
    public string? From { get; init; }

    /// <summary>Gets a value indicating whether the selected stages rerun even when up to date (<c>--force</c>).</summary>
    public bool Force { get; init; }

    /// <summary>Gets the shard set (<c>--shard k/N</c>).</summary>
    public ShardSet ShardSet { get; init; } = ShardSet.Everything;

    /// <summary>Gets a value indicating whether to only report what would run (<c>--dry-run</c>).</summary>
    public bool DryRun { get; init; }
}
