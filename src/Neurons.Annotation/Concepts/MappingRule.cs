namespace Neurons.Annotation.Concepts;

/// <summary>Which rule decided an object's concepts.</summary>
public enum MappingRule
{
    /// <summary>No rule found a concept.</summary>
    Unmapped,

    /// <summary>The object name (or its base form) is a concept name.</summary>
    ConceptName,

    /// <summary>An entry of the override list.</summary>
    Override,

    /// <summary>The hypernym walk from the object's WordNet senses reached an anchor.</summary>
    WordNet,

    /// <summary>WordNet could not place the name and the configured VLM chose the concepts (validated against the 51).</summary>
    Vlm,
}
