namespace Neurons.Evaluation.Report;

/// <summary>The report's Dataset section: what the annotation stages made of the clips.</summary>
public sealed record DatasetSummary
{
    /// <summary>Gets the clips per split.</summary>
    public IReadOnlyList<NamedCount> ClipsPerSplit { get; init; } = [];

    /// <summary>Gets the annotated frames per status (<c>ok</c>, <c>failed</c>).</summary>
    public IReadOnlyList<NamedCount> AnnotationStatus { get; init; } = [];

    /// <summary>Gets the failure reasons of annotations with their counts.</summary>
    public IReadOnlyList<NamedCount> AnnotationFailures { get; init; } = [];

    /// <summary>Gets facts of the annotation sidecars (provider, model, cache hits) as label/value pairs.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> AnnotationFacts { get; init; } = [];

    /// <summary>Gets the clips per concept, most frequent first.</summary>
    public IReadOnlyList<NamedCount> Concepts { get; init; } = [];

    /// <summary>Gets the object names no concept mapped, with their counts.</summary>
    public IReadOnlyList<NamedCount> Unmapped { get; init; } = [];

    /// <summary>Gets the key-object choice reasons with their counts.</summary>
    public IReadOnlyList<NamedCount> KeyObjectReasons { get; init; } = [];
}
