using System.Text.Json.Serialization;

namespace Neurons.Data.Tables;

/// <summary>One row of the <c>annotations</c> table: the VLM's caption and object list for a clip (or one of its frames).</summary>
public sealed class AnnotationRow
{
    /// <summary>Gets or sets the clip id (<c>seg1_007</c>).</summary>
    [JsonPropertyName("clip_id")]
    public string ClipId { get; set; } = string.Empty;

    /// <summary>Gets or sets the frame index (0–5) the request showed; the key frame 2 by default.</summary>
    [JsonPropertyName("frame")]
    public int Frame { get; set; }

    /// <summary>Gets or sets the caption (empty when <see cref="Status"/> is <c>failed</c>).</summary>
    [JsonPropertyName("caption")]
    public string Caption { get; set; } = string.Empty;

    /// <summary>Gets or sets the object names: singular one-word nouns, no repeats.</summary>
    [JsonPropertyName("objects")]
    public List<string> Objects { get; set; } = [];

    /// <summary>Gets or sets the model that answered (e.g. <c>qwen2.5vl:7b</c>, or <c>import</c>).</summary>
    [JsonPropertyName("model")]
    public string Model { get; set; } = string.Empty;

    /// <summary>Gets or sets the hash of the prompt and schema files used.</summary>
    [JsonPropertyName("prompt_hash")]
    public string PromptHash { get; set; } = string.Empty;

    /// <summary>Gets or sets <c>ok</c> or <c>failed</c>.</summary>
    [JsonPropertyName("status")]
    public string Status { get; set; } = "ok";

    /// <summary>Gets or sets why the row failed, or null.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; set; }
}
