using System.Text.Json.Serialization;

namespace Neurons.Annotation.Vlm;

/// <summary>One entry of the NEURONS release files <c>qwen_{train,test}_caption_tag.json</c>.</summary>
public sealed class ReleaseAnnotation
{
    /// <summary>Gets or sets the clip's position in its split (<see cref="Neurons.Data.Tables.ClipRow.SplitIndex"/>).</summary>
    [JsonPropertyName("idx")]
    public int Idx { get; set; } = -1;

    /// <summary>Gets or sets the caption.</summary>
    [JsonPropertyName("caption")]
    public string? Caption { get; set; }

    /// <summary>Gets or sets the object names.</summary>
    [JsonPropertyName("tags")]
    public List<string>? Tags { get; set; }
}
