using System.Text.Json.Serialization;

namespace Neurons.Data.Tables;

/// <summary>One row of the <c>target_concepts</c> table: the CLIP text embedding of one of the 51 concept names (one global table, shard <c>all</c>).</summary>
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

    /// <summary>Gets or sets the pooled CLIP text embedding, [text_width] at float16 precision.</summary>
    [JsonPropertyName("clip_text")]
    public List<float> ClipText { get; set; } = [];

    /// <summary>Returns the file metadata describing <c>clip_text</c>.</summary>
    public static IReadOnlyDictionary<string, string> Metadata(int textWidth) =>
        new TableMetadata("target_concepts").Tensor("clip_text", "float16", [textWidth], "channel").ToKeyValues();
}
