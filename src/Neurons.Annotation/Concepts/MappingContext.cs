namespace Neurons.Annotation.Concepts;

/// <summary>
/// What else is known about the frame an object was named in: the caption and the concepts of the
/// other objects. Used only to walk past an object's first-ranked sense when a later one agrees with it.
/// </summary>
/// <param name="Caption">The clip's caption (any case), or empty.</param>
/// <param name="CoOccurring">The concept indices of the clip's other objects.</param>
public sealed record MappingContext(string Caption, IReadOnlySet<int> CoOccurring)
{
    /// <summary>Gets the empty context: the name alone decides.</summary>
    public static MappingContext None { get; } = new(string.Empty, new HashSet<int>());

    /// <summary>Gets a value indicating whether the context holds nothing.</summary>
    public bool IsEmpty => Caption.Length == 0 && CoOccurring.Count == 0;
}
