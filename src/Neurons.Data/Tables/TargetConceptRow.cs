using System.Text.Json.Serialization;

namespace Neurons.Data.Tables;

/// <summary>One row of the <c>target_concepts</c> table: the CLIP text embedding of one of the 51 concept names (same in every shard).</summary>
public sealed class TargetConceptRow
{
    /// <summary>Gets or sets the concept's classifier index (0–50).</summary>
    [JsonPropertyName("index")]
    public int Index { get; set; }

    /// <summary>Gets or sets the concept name.</summary>
    [JsonPropertyName("concept")]
    public string Concept { get; set; } = string.Empty;

    /// <summary>Gets or sets the embedding width.</summary>
    [JsonPropertyName("text_width")]
    public int TextWidth { get; set; }

    /// <summary>Gets or sets the pooled CLIP text embedding, float16 [text_width].</summary>
    [JsonPropertyName("clip_text")]
    public byte[] ClipText { get; set; } = [];
}
