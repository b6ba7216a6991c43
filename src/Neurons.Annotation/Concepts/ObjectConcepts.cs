namespace Neurons.Annotation.Concepts;

/// <summary>The concepts one object name maps to, and how.</summary>
/// <param name="Object">The normalised object name (lower case, single spaces).</param>
/// <param name="ConceptIndices">The concept indices, ascending; empty when unmapped.</param>
/// <param name="Rule">The rule that decided.</param>
/// <param name="Lemma">The WordNet lemma used (underscores between words), or null.</param>
/// <param name="Senses">The senses followed (<c>lemma.n.NN</c>), in order.</param>
/// <param name="Reason">Why those senses (or that rule): one line for the <c>concepts</c> table and for <c>concepts explain</c>.</param>
public sealed record ObjectConcepts(
    string Object,
    IReadOnlyList<int> ConceptIndices,
    MappingRule Rule,
    string? Lemma,
    IReadOnlyList<string> Senses,
    string Reason = "")
{
    /// <summary>Gets a value indicating whether at least one concept was found.</summary>
    public bool IsMapped => ConceptIndices.Count > 0;

    /// <summary>Gets where the concepts came from, as the <c>concepts</c> table writes it: <c>name</c>, <c>override</c>, <c>wordnet</c>, <c>vlm</c> or <c>none</c>.</summary>
    public string Source => Rule switch
    {
        MappingRule.ConceptName => "name",
        MappingRule.Override => "override",
        MappingRule.WordNet => "wordnet",
        MappingRule.Vlm => "vlm",
        _ => "none",
    };
}
