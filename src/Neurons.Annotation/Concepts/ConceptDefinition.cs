namespace Neurons.Annotation.Concepts;

/// <summary>One of the concepts of <c>concepts.yaml</c>.</summary>
/// <param name="Index">Its position in the list: the index of its logit and of its multi-hot entry.</param>
/// <param name="Name">Its name (e.g. <c>body part</c>).</param>
/// <param name="Anchors">The WordNet senses (<c>lemma.n.NN</c>) whose hyponyms belong to it.</param>
/// <param name="YieldsTo">Concepts that, when an object's sense also reaches them, take its place.</param>
public sealed record ConceptDefinition(int Index, string Name, IReadOnlyList<string> Anchors, IReadOnlyList<string> YieldsTo);
