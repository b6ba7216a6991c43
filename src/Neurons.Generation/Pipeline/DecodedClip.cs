using System.Text.Json.Serialization;
using Neurons.Data.Tables;

namespace Neurons.Generation.Pipeline;

/// <summary>The columns of the <c>decoded</c> table (docs/tables/decoded.md) the generate stage reads.</summary>
public sealed class DecodedClip
{
    /// <summary>Gets or sets the clip id.</summary>
    [JsonPropertyName("clip_id")]
    public string ClipId { get; set; } = string.Empty;

    /// <summary>Gets or sets the split.</summary>
    [JsonPropertyName("split")]
    public string Split { get; set; } = string.Empty;

    /// <summary>Gets or sets the segment.</summary>
    [JsonPropertyName("segment")]
    public string Segment { get; set; } = string.Empty;

    /// <summary>Gets or sets the position in the split.</summary>
    [JsonPropertyName("split_index")]
    public int SplitIndex { get; set; }

    /// <summary>Gets or sets the subject.</summary>
    [JsonPropertyName("subject")]
    public int Subject { get; set; }

    /// <summary>Gets or sets the clip's own seed.</summary>
    [JsonPropertyName("seed")]
    public long Seed { get; set; }

    /// <summary>Gets or sets the decoded caption.</summary>
    [JsonPropertyName("caption")]
    public string Caption { get; set; } = string.Empty;

    /// <summary>Gets or sets the mask side S.</summary>
    [JsonPropertyName("mask_size")]
    public int MaskSize { get; set; }

    /// <summary>Gets or sets the six S×S masks, gray PNGs (255 object, 0 background).</summary>
    [JsonPropertyName("masks")]
    public List<TableImage> Masks { get; set; } = [];

    /// <summary>Gets or sets the blurry frame width.</summary>
    [JsonPropertyName("width")]
    public int Width { get; set; }

    /// <summary>Gets or sets the blurry frame height.</summary>
    [JsonPropertyName("height")]
    public int Height { get; set; }

    /// <summary>Gets or sets the six blurry frames, RGB PNGs as <c>clips.frames</c>.</summary>
    [JsonPropertyName("blurry_frames")]
    public List<TableImage> BlurryFrames { get; set; } = [];

    /// <summary>Gets or sets N, the number of keyframe tokens.</summary>
    [JsonPropertyName("token_count")]
    public int TokenCount { get; set; }

    /// <summary>Gets or sets D, the keyframe token width.</summary>
    [JsonPropertyName("token_width")]
    public int TokenWidth { get; set; }

    /// <summary>Gets or sets the mask-weighted prior tokens, [N, D] at float16 precision.</summary>
    [JsonPropertyName("keyframe_tokens")]
    public List<float> KeyframeTokens { get; set; } = [];

    /// <summary>Decodes the masks to frame-major 0/1 bytes (empty when the row has none).</summary>
    public byte[] DecodeMasks() => TableImages.ToMaskBytes(Masks, MaskSize, MaskSize, $"decoded {ClipId} s{Subject} masks");

    /// <summary>Decodes the blurry frames to RGB bytes, frame-major then row, column, channel.</summary>
    public byte[] DecodeBlurryFrames() => TableImages.ToRgbFrames(BlurryFrames, Width, Height, $"decoded {ClipId} s{Subject} blurry_frames");

    /// <summary>Checks that the row holds what generation with <paramref name="keyframe"/> reads.</summary>
    /// <exception cref="InvalidDataException">A column has the wrong size (one line naming the row and the column).</exception>
    public void EnsureUsable(KeyframeMode keyframe)
    {
        var where = $"decoded row {ClipId} subject {Subject}";
        if (Width != Height || BlurryFrames.Count != 6)
        {
            throw new InvalidDataException($"{where}: blurry_frames hold {BlurryFrames.Count} images of {Width}×{Height}, expected 6 square frames");
        }

        if (Masks.Count != 0 && Masks.Count != 6)
        {
            throw new InvalidDataException($"{where}: masks hold {Masks.Count} images, expected 6 of {MaskSize}²");
        }

        if (keyframe == KeyframeMode.Unclip && KeyframeTokens.Count != TokenCount * TokenWidth)
        {
            throw new InvalidDataException($"{where}: keyframe_tokens hold {KeyframeTokens.Count} values, expected {TokenCount}×{TokenWidth} (keyframe unclip)");
        }
    }
}
