namespace Neurons.Annotation.Concepts;

/// <summary>Everything <c>pipeline concepts explain</c> prints for one name: how it was read, the senses considered, the path walked and the concepts given.</summary>
/// <param name="Name">The name as given.</param>
/// <param name="Mapping">The mapping (normalised name, concepts, rule, lemma, senses, reason).</param>
/// <param name="LemmaHow">How the lemma was found (<c>word</c>, <c>collocation</c>, <c>head noun</c>, <c>hyphen</c>, <c>joined</c>, <c>run-together</c>, <c>split head</c>), or null.</param>
/// <param name="Senses">The senses of the lemma in WordNet order, each with what held it back.</param>
/// <param name="Paths">For each concept given through WordNet, the hypernym path from the followed sense up to the concept's anchor.</param>
/// <param name="Concepts">The names of the concepts given.</param>
public sealed record ConceptExplanation(
    string Name,
    ObjectConcepts Mapping,
    string? LemmaHow,
    IReadOnlyList<SenseReport> Senses,
    IReadOnlyList<string> Paths,
    IReadOnlyList<string> Concepts);
