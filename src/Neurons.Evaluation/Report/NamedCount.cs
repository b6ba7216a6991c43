namespace Neurons.Evaluation.Report;

/// <summary>A label with a count (a histogram bar).</summary>
/// <param name="Name">The label.</param>
/// <param name="Count">The count.</param>
public sealed record NamedCount(string Name, long Count);
