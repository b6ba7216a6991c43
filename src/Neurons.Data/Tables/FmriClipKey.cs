using System.Text.Json.Serialization;

namespace Neurons.Data.Tables;

/// <summary>The key columns of a <c>clips</c> row, read without the frames (what the fMRI stages need).</summary>
public sealed class FmriClipKey
{
    /// <summary>Gets or sets the clip id.</summary>
    [JsonPropertyName("clip_id")]
    public string ClipId { get; set; } = string.Empty;

    /// <summary>Gets or sets <c>train</c> or <c>test</c>.</summary>
    [JsonPropertyName("split")]
    public string Split { get; set; } = string.Empty;

    /// <summary>Gets or sets the segment.</summary>
    [JsonPropertyName("segment")]
    public string Segment { get; set; } = string.Empty;

    /// <summary>Gets or sets the TR index in the segment.</summary>
    [JsonPropertyName("tr_index")]
    public int TrIndex { get; set; }

    /// <summary>Gets or sets the position in the split.</summary>
    [JsonPropertyName("split_index")]
    public int SplitIndex { get; set; }
}
