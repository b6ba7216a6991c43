namespace Neurons.Annotation.Cache;

/// <summary>Which entries <see cref="VlmReplyCache.Prune"/> removes: those matching every criterion given.</summary>
public sealed record CachePruneFilter
{
    /// <summary>Gets a time: entries not stored or served since then are removed.</summary>
    /// <value>Null: any last use.</value>
    public DateTimeOffset? UnusedSince { get; init; }

    /// <summary>Gets a model: only its entries are removed.</summary>
    /// <value>Null: every model.</value>
    public string? Model { get; init; }

    /// <summary>Gets a value indicating whether the filter has no criterion (it then removes everything).</summary>
    public bool IsEmpty => UnusedSince is null && Model is null;
}
