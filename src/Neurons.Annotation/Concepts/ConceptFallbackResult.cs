namespace Neurons.Annotation.Concepts;

/// <summary>What the VLM fallback answered for a set of names WordNet could not place.</summary>
/// <param name="Concepts">Concept indices per normalised name, for the names the VLM placed (an empty answer is not listed).</param>
/// <param name="Names">How many distinct names were asked about.</param>
/// <param name="Answered">Names with a valid reply (from the VLM or the cache), an empty list included.</param>
/// <param name="Refused">Replies refused: not JSON, or naming something other than the catalog's concepts.</param>
/// <param name="Failed">Names left without a valid reply (transport faults, or every attempt refused).</param>
/// <param name="Requests">Requests sent.</param>
/// <param name="CacheHits">Names answered from the reply cache.</param>
public sealed record ConceptFallbackResult(
    IReadOnlyDictionary<string, IReadOnlyList<int>> Concepts,
    int Names,
    int Answered,
    int Refused,
    int Failed,
    int Requests,
    int CacheHits)
{
    /// <summary>Gets the empty result (nothing asked).</summary>
    public static ConceptFallbackResult None { get; } = new(new Dictionary<string, IReadOnlyList<int>>(StringComparer.Ordinal), 0, 0, 0, 0, 0, 0);
}
