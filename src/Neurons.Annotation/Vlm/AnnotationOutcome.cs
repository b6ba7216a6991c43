namespace Neurons.Annotation.Vlm;

/// <summary>The result of annotating one frame of one clip.</summary>
/// <param name="Caption">The caption, or empty when failed.</param>
/// <param name="Objects">The object names (lowercase singular nouns, no repeats), or empty when failed.</param>
/// <param name="Error">Why it failed (one line), or null when it succeeded.</param>
/// <param name="Requests">Requests actually sent (every attempt, retries included).</param>
/// <param name="CacheHits">Replies served from the cache.</param>
public sealed record AnnotationOutcome(string Caption, IReadOnlyList<string> Objects, string? Error, int Requests, int CacheHits)
{
    /// <summary>Gets a value indicating whether the frame was annotated.</summary>
    public bool Succeeded => Error is null;

    /// <summary>Creates a failed outcome.</summary>
    public static AnnotationOutcome Failed(string error, int requests = 0, int cacheHits = 0) => new(string.Empty, [], error, requests, cacheHits);
}
