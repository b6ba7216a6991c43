namespace Neurons.Annotation.WordNet;

/// <summary>One noun synset of <c>data.noun</c>.</summary>
/// <param name="Offset">The synset offset: the byte offset of its line in <c>data.noun</c>.</param>
/// <param name="Words">Its lemmas, in file order (underscores join the words of a collocation).</param>
/// <param name="Hypernyms">Offsets of its hypernyms (pointer <c>@</c>).</param>
/// <param name="InstanceHypernyms">Offsets of the classes it is an instance of (pointer <c>@i</c>).</param>
/// <param name="Gloss">The definition and examples after the <c>|</c>.</param>
public sealed record Synset(
    long Offset,
    IReadOnlyList<string> Words,
    IReadOnlyList<long> Hypernyms,
    IReadOnlyList<long> InstanceHypernyms,
    string Gloss)
{
    /// <summary>Gets the first lemma, for display.</summary>
    public string Head => Words.Count > 0 ? Words[0] : string.Empty;
}
