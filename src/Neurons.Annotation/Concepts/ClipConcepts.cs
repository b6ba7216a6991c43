namespace Neurons.Annotation.Concepts;

/// <summary>The concepts of one clip: the union over its objects.</summary>
/// <param name="Objects">Each distinct object name (normalised, first-seen order) with its mapping.</param>
/// <param name="ConceptIndices">The union of the objects' concept indices, ascending.</param>
/// <param name="MultiHot">One 0/1 entry per concept (the classifier target).</param>
/// <param name="Unmapped">The object names that reached no concept, first-seen order.</param>
public sealed record ClipConcepts(
    IReadOnlyList<ObjectConcepts> Objects,
    IReadOnlyList<int> ConceptIndices,
    IReadOnlyList<int> MultiHot,
    IReadOnlyList<string> Unmapped);
