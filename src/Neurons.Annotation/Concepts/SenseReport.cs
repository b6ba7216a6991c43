namespace Neurons.Annotation.Concepts;

/// <summary>One sense considered for an object name, as <c>concepts explain</c> shows it.</summary>
/// <param name="Sense">The sense, <c>lemma.n.NN</c>.</param>
/// <param name="Gloss">Its WordNet gloss.</param>
/// <param name="Concepts">The concepts it reaches.</param>
/// <param name="Notes">Why it ranks where it does (<c>abstraction</c>, <c>proper name</c>, <c>informal</c>, <c>untagged</c>, <c>person</c>), empty when nothing holds it back.</param>
/// <param name="Chosen">Whether the mapping follows it.</param>
public sealed record SenseReport(string Sense, string Gloss, IReadOnlyList<string> Concepts, IReadOnlyList<string> Notes, bool Chosen);
