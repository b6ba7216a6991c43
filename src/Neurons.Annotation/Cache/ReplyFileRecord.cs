using System.Text.Json.Serialization;

namespace Neurons.Annotation.Cache;

/// <summary>One reply file of a <see cref="ReplyFileStore"/>: the entry and when it was stored.</summary>
internal sealed record ReplyFileRecord(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("provider")] string ProviderKind,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("prompt_hash")] string PromptHash,
    [property: JsonPropertyName("image_hash")] string ImageHash,
    [property: JsonPropertyName("options")] string Options,
    [property: JsonPropertyName("reply")] string Reply,
    [property: JsonPropertyName("created_ms")] long CreatedMs);
