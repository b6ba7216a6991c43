namespace Neurons.Annotation.Concepts;

/// <summary>A fixed mapping for one lemma: either the WordNet sense to follow or the concepts to give.</summary>
/// <param name="Sense">The sense (<c>lemma.n.NN</c>) to follow instead of the first ones, or null.</param>
/// <param name="Concepts">The concept names to give directly, or null.</param>
public sealed record ConceptOverride(string? Sense, IReadOnlyList<string>? Concepts);
