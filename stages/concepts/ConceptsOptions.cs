namespace Neurons.Stages.Concepts;

/// <summary>The parameters of the <c>concepts</c> stage (snake_case keys in <c>stage.yaml</c>).</summary>
public sealed record ConceptsOptions
{
    /// <summary>Gets how many WordNet senses of an object name are followed.</summary>
    /// <value>1 (first sense only); 1–3 allowed.</value>
    public int Senses { get; init; } = 1;

    /// <summary>Gets the concept list file (absolute once resolved by the engine).</summary>
    /// <value><c>../../wordnet/concepts.yaml</c> (relative to the stage folder: the repository's <c>wordnet/</c>); empty = the built-in copy.</value>
    public string ConceptsFile { get; init; } = "../../wordnet/concepts.yaml";

    /// <summary>Gets how many of the most frequent unmapped names the sidecar lists.</summary>
    /// <value>20.</value>
    public int TopUnmapped { get; init; } = 20;
}
