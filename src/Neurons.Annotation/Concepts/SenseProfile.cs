namespace Neurons.Annotation.Concepts;

/// <summary>What the sense choice needs to know about one WordNet synset; computed once per synset.</summary>
internal sealed class SenseProfile
{
    // Register labels WordNet writes at the start of a gloss for slang and insults ("informal terms for money",
    // "(ethnic slur) offensive term for ...", "disparaging terms for small people"), and the words of its
    // insult senses ("a person who is deemed to be despicable or contemptible": skunk, rat, heel).
    private static readonly string[] InformalMarkers =
        ["informal term", "slang", "disparaging", "offensive term", "derogatory", "ethnic slur", "obscene", "vulgar", "despicable", "contemptible", "reprehensible"];

    private HashSet<string>? signature;

    public SenseProfile(long offset, string name, string head, string gloss, bool isPhysical, bool isInstance, bool isPerson, IReadOnlyList<int> concepts)
    {
        Offset = offset;
        Name = name;
        Head = head;
        Gloss = gloss;
        IsPhysical = isPhysical;
        IsInstance = isInstance;
        IsPerson = isPerson;
        Concepts = concepts;
        var definition = gloss.Split(';', 2)[0];
        IsInformal = InformalMarkers.Any(m => definition.Contains(m, StringComparison.OrdinalIgnoreCase));
    }

    public long Offset { get; }

    /// <summary>Gets the sense written <c>lemma.n.NN</c>.</summary>
    public string Name { get; }

    /// <summary>Gets the synset's first lemma, lower case.</summary>
    public string Head { get; }

    public string Gloss { get; }

    /// <summary>Gets a value indicating whether the synset lies under physical_entity.n.01 (objects, organisms, substances, places, processes).</summary>
    public bool IsPhysical { get; }

    /// <summary>Gets a value indicating whether the synset is a named individual (Stephen Crane, the Eiffel Tower).</summary>
    public bool IsInstance { get; }

    /// <summary>Gets a value indicating whether the synset lies under person.n.01.</summary>
    public bool IsPerson { get; }

    /// <summary>Gets a value indicating whether the gloss marks the sense as informal, slang or an insult.</summary>
    public bool IsInformal { get; }

    /// <summary>Gets the concept indices the sense reaches (after <c>yields_to</c>).</summary>
    public IReadOnlyList<int> Concepts { get; }

    /// <summary>Gets the content words of the sense for gloss overlap: its gloss, its lemmas and its hypernyms' lemmas.</summary>
    public HashSet<string> Signature(Func<IEnumerable<string>> hypernymWords)
    {
        if (signature is { } known)
        {
            return known;
        }

        var words = GlossWords.Of(Gloss);
        foreach (var word in hypernymWords())
        {
            words.UnionWith(GlossWords.Of(word.Replace('_', ' ')));
        }

        signature = words;
        return words;
    }
}
