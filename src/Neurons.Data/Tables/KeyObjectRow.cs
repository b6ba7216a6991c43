using System.Text.Json.Serialization;

namespace Neurons.Data.Tables;

/// <summary>One row of the <c>keyobjects</c> table: a clip's key object and its per-frame masks (docs/tables/keyobjects.md).</summary>
public sealed class KeyObjectRow
{
    /// <summary>Gets or sets the clip id (<c>seg1_007</c>).</summary>
    [JsonPropertyName("clip_id")]
    public string ClipId { get; set; } = string.Empty;

    /// <summary>Gets or sets the key object's category, or <c>None</c> when no object qualified.</summary>
    [JsonPropertyName("key_object")]
    public string KeyObject { get; set; } = string.Empty;

    /// <summary>Gets or sets why: <c>priority</c>, <c>moving</c>, <c>moving-large</c>, <c>largest</c> or <c>none</c>.</summary>
    [JsonPropertyName("reason")]
    public string Reason { get; set; } = string.Empty;

    /// <summary>Gets or sets the rules applied: <c>reference</c> or <c>paper</c>.</summary>
    [JsonPropertyName("mode")]
    public string Mode { get; set; } = string.Empty;

    /// <summary>Gets or sets the first top_k categories of the ordering the key object was taken from.</summary>
    [JsonPropertyName("top_objects")]
    public List<string> TopObjects { get; set; } = [];

    /// <summary>Gets or sets the key object's priority-weighted centroid displacement in pixels, summed over frame pairs.</summary>
    [JsonPropertyName("displacement")]
    public double Displacement { get; set; }

    /// <summary>Gets or sets the key object's area as a fraction of the frame.</summary>
    [JsonPropertyName("area")]
    public double Area { get; set; }

    /// <summary>Gets or sets every followed category, most displaced first.</summary>
    [JsonPropertyName("ranking")]
    public List<string> Ranking { get; set; } = [];

    /// <summary>Gets or sets the weighted displacement of each <see cref="Ranking"/> entry.</summary>
    [JsonPropertyName("ranking_displacement")]
    public List<double> RankingDisplacement { get; set; } = [];

    /// <summary>Gets or sets the mask width in pixels.</summary>
    [JsonPropertyName("width")]
    public int Width { get; set; }

    /// <summary>Gets or sets the mask height in pixels.</summary>
    [JsonPropertyName("height")]
    public int Height { get; set; }

    /// <summary>Gets or sets the number of frame masks in <see cref="Masks"/> (6).</summary>
    [JsonPropertyName("frame_count")]
    public int FrameCount { get; set; }

    /// <summary>
    /// Gets or sets the key object's mask on each frame: <see cref="FrameCount"/> gray PNGs, 255 inside, like
    /// <see cref="MaskRow.Mask"/>; all zero on frames without the object and for <c>None</c>.
    /// </summary>
    [JsonPropertyName("masks")]
    public List<TableImage> Masks { get; set; } = [];

    /// <summary>Returns the file metadata describing <c>masks</c>.</summary>
    public static IReadOnlyDictionary<string, string> Metadata(int frames, int width, int height) =>
        new TableMetadata("keyobjects").Image("masks", "L", [frames, height, width], "frame", "row", "column").ToKeyValues();

    /// <summary>Decodes the mask of frame <paramref name="frame"/>, row-major.</summary>
    public bool[] DecodeMask(int frame) => TableImages.ToMask(Masks[frame], Width, Height, $"keyobjects {ClipId} frame {frame}");
}
