namespace Neurons.Annotation.Cache;

/// <summary>What a reply cache holds.</summary>
/// <param name="Path">The cache file.</param>
/// <param name="FileBytes">The size of the database file and its WAL.</param>
/// <param name="Entries">Stored replies.</param>
/// <param name="Hits">Times a stored reply was served instead of a request.</param>
/// <param name="Oldest">When the oldest entry was stored, or null when empty.</param>
/// <param name="LastUsed">When an entry was last stored or served, or null when empty.</param>
/// <param name="ByModel">Per provider and model, ordered by provider then model.</param>
public sealed record CacheStatistics(
    string Path,
    long FileBytes,
    long Entries,
    long Hits,
    DateTimeOffset? Oldest,
    DateTimeOffset? LastUsed,
    IReadOnlyList<CacheModelStatistics> ByModel);
