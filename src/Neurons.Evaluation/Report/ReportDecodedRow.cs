using System.Text.Json.Serialization;
using Neurons.Data.Tables;

namespace Neurons.Evaluation.Report;

/// <summary>
/// The columns of the <c>decoded</c> table the gallery shows (docs/tables/decoded.md); the serializer reads
/// only these, so the report does not depend on the decode stage's row class.
/// </summary>
public sealed class ReportDecodedRow
{
    /// <summary>Gets or sets the clip.</summary>
    [JsonPropertyName("clip_id")]
    public string ClipId { get; set; } = string.Empty;

    /// <summary>Gets or sets the subject.</summary>
    [JsonPropertyName("subject")]
    public int Subject { get; set; }

    /// <summary>Gets or sets the decoded caption.</summary>
    [JsonPropertyName("caption")]
    public string Caption { get; set; } = string.Empty;

    /// <summary>Gets or sets the concept scores in concept order.</summary>
    [JsonPropertyName("concept_scores")]
    public List<float> ConceptScores { get; set; } = [];

    /// <summary>Gets or sets the side of the masks.</summary>
    [JsonPropertyName("mask_size")]
    public int MaskSize { get; set; }

    /// <summary>Gets or sets the six S × S masks, gray PNGs.</summary>
    [JsonPropertyName("masks")]
    public List<TableImage> Masks { get; set; } = [];

    /// <summary>Gets or sets the blurry frame width.</summary>
    [JsonPropertyName("width")]
    public int Width { get; set; }

    /// <summary>Gets or sets the blurry frame height.</summary>
    [JsonPropertyName("height")]
    public int Height { get; set; }

    /// <summary>Gets or sets the six blurry frames, RGB PNGs.</summary>
    [JsonPropertyName("blurry_frames")]
    public List<TableImage> BlurryFrames { get; set; } = [];

    /// <summary>Decodes the masks to frame-major 0/1 bytes.</summary>
    public byte[] DecodeMasks() => TableImages.ToMaskBytes(Masks, MaskSize, MaskSize, $"decoded {ClipId} masks");

    /// <summary>Decodes the blurry frames to RGB bytes, frame-major.</summary>
    public byte[] DecodeBlurryFrames() => TableImages.ToRgbFrames(BlurryFrames, Width, Height, $"decoded {ClipId} blurry_frames");
}
