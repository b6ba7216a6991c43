namespace Neurons.Engine.Stages;

/// <summary>A natural unit of work: one dataset segment (e.g. <c>seg3</c>, split <c>train</c>).</summary>
/// <param name="Name">The shard name, used as the file name of every table shard.</param>
/// <param name="Split">The split the shard belongs to (<c>train</c> or <c>test</c>).</param>
public sealed record Shard(string Name, string Split)
{
    /// <summary>The single shard of a stage whose scope is <c>global</c> (all-to-one).</summary>
    public static readonly Shard All = new("all", "all");

    /// <inheritdoc/>
    public override string ToString() => Name;
}
