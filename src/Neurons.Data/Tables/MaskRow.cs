using System.Text.Json.Serialization;

namespace Neurons.Data.Tables;

/// <summary>One row of the <c>masks</c> table: one object's mask on one frame of a clip.</summary>
public sealed class MaskRow
{
    /// <summary>Gets or sets the clip id.</summary>
    [JsonPropertyName("clip_id")]
    public string ClipId { get; set; } = string.Empty;

    /// <summary>Gets or sets the frame index (0–5).</summary>
    [JsonPropertyName("frame")]
    public int Frame { get; set; }

    /// <summary>Gets or sets the object name (the text prompt that found it).</summary>
    [JsonPropertyName("object")]
    public string Object { get; set; } = string.Empty;

    /// <summary>Gets or sets the box as pixel x1, y1, x2, y2 on the clip frame.</summary>
    [JsonPropertyName("box")]
    public List<float> Box { get; set; } = [];

    /// <summary>Gets or sets the detection score (1 for imported masks).</summary>
    [JsonPropertyName("score")]
    public float Score { get; set; }

    /// <summary>Gets or sets the mask width in pixels.</summary>
    [JsonPropertyName("width")]
    public int Width { get; set; }

    /// <summary>Gets or sets the mask height in pixels.</summary>
    [JsonPropertyName("height")]
    public int Height { get; set; }

    /// <summary>Gets or sets the mask as a gray PNG, 255 inside (<see cref="TableImages.FromMask"/>).</summary>
    [JsonPropertyName("mask")]
    public TableImage Mask { get; set; } = new();

    /// <summary>Gets or sets what produced the mask (<c>grounded-sam</c>, <c>import</c>).</summary>
    [JsonPropertyName("source")]
    public string Source { get; set; } = string.Empty;

    /// <summary>Returns the file metadata describing <c>mask</c>.</summary>
    public static IReadOnlyDictionary<string, string> Metadata(int width, int height) =>
        new TableMetadata("masks").Image("mask", "L", [height, width], "row", "column").ToKeyValues();

    /// <summary>Decodes the mask, row-major.</summary>
    public bool[] DecodeMask() => TableImages.ToMask(Mask, Width, Height, $"masks {ClipId} frame {Frame} {Object}");
}
