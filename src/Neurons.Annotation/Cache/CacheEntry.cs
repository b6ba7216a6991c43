namespace Neurons.Annotation.Cache;

/// <summary>One validated VLM reply stored in the cache, with the parts of its key kept for statistics and pruning.</summary>
/// <param name="Key">The content key (<see cref="CacheKey.Compute"/>).</param>
/// <param name="ProviderKind">The provider kind (<c>ollama</c>, <c>openai</c>).</param>
/// <param name="Model">The model.</param>
/// <param name="PromptHash">The prompt's hash (system, user and schema texts).</param>
/// <param name="ImageHash">The hash of the image's pixels.</param>
/// <param name="Options">The canonical decoding options.</param>
/// <param name="Reply">The reply text (JSON that satisfied the schema).</param>
public sealed record CacheEntry(string Key, string ProviderKind, string Model, string PromptHash, string ImageHash, string Options, string Reply);
