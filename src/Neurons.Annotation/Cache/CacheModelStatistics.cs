namespace Neurons.Annotation.Cache;

/// <summary>Cache figures for one provider and model.</summary>
/// <param name="ProviderKind">The provider kind.</param>
/// <param name="Model">The model.</param>
/// <param name="Entries">Stored replies.</param>
/// <param name="Hits">Times a stored reply was served instead of a request.</param>
/// <param name="ReplyBytes">Total size of the stored replies (UTF-8).</param>
public sealed record CacheModelStatistics(string ProviderKind, string Model, long Entries, long Hits, long ReplyBytes);
