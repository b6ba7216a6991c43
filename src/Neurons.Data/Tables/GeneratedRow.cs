using System.Text.Json.Serialization;

namespace Neurons.Data.Tables;

/// <summary>One row of the <c>generated</c> table: the text-to-video output for one (clip, subject) of a test segment.</summary>
public sealed class GeneratedRow
{
    /// <summary>Gets or sets the clip id (e.g. <c>test1_007</c>).</summary>
    [JsonPropertyName("clip_id")]
    public string ClipId { get; set; } = string.Empty;

    /// <summary>Gets or sets <c>test</c>.</summary>
    [JsonPropertyName("split")]
    public string Split { get; set; } = string.Empty;

    /// <summary>Gets or sets the segment (<c>test1</c>).</summary>
    [JsonPropertyName("segment")]
    public string Segment { get; set; } = string.Empty;

    /// <summary>Gets or sets the clip's position in its split (the NEURONS <c>idx</c>).</summary>
    [JsonPropertyName("split_index")]
    public int SplitIndex { get; set; }

    /// <summary>Gets or sets the subject whose decoded outputs conditioned the video.</summary>
    [JsonPropertyName("subject")]
    public int Subject { get; set; }

    /// <summary>Gets or sets the seed of the clip's Gaussian stream.</summary>
    [JsonPropertyName("seed")]
    public long Seed { get; set; }

    /// <summary>Gets or sets the prompt the text encoder saw (caption + suffix).</summary>
    [JsonPropertyName("prompt")]
    public string Prompt { get; set; } = string.Empty;

    /// <summary>Gets or sets the keyframe mode (<c>blurry</c> or <c>unclip</c>).</summary>
    [JsonPropertyName("keyframe_mode")]
    public string KeyframeMode { get; set; } = string.Empty;

    /// <summary>Gets or sets the frame width (256).</summary>
    [JsonPropertyName("width")]
    public int Width { get; set; }

    /// <summary>Gets or sets the frame height (256).</summary>
    [JsonPropertyName("height")]
    public int Height { get; set; }

    /// <summary>Gets or sets the six generated frames (16-frame indices 4, 6, …, 14) as RGB PNGs.</summary>
    [JsonPropertyName("frames")]
    public List<TableImage> Frames { get; set; } = [];

    /// <summary>Gets or sets the keyframe that conditioned frame 0 (an RGB PNG, width × height).</summary>
    [JsonPropertyName("keyframe")]
    public TableImage Keyframe { get; set; } = new();

    /// <summary>Gets or sets the MP4's file name in the shard's files folder (empty when not written).</summary>
    [JsonPropertyName("video_file")]
    public string VideoFile { get; set; } = string.Empty;

    /// <summary>Gets or sets the side-by-side GIF's file name in the shard's files folder (empty when not written).</summary>
    [JsonPropertyName("gif_file")]
    public string GifFile { get; set; } = string.Empty;

    /// <summary>Gets or sets the seconds the clip took to generate (for a clip taken from the resume cache, the time its original run measured).</summary>
    [JsonPropertyName("seconds")]
    public double Seconds { get; set; }

    /// <summary>Returns the file metadata describing <c>frames</c> and <c>keyframe</c>.</summary>
    public static IReadOnlyDictionary<string, string> Metadata(int width, int height) =>
        new TableMetadata("generated")
            .Image("frames", "RGB", [ClipRow.FrameCount, height, width, 3], "frame", "row", "column", "channel")
            .Image("keyframe", "RGB", [height, width, 3], "row", "column", "channel")
            .ToKeyValues();

    /// <summary>Decodes the frames to RGB bytes, frame-major then row, column, channel.</summary>
    public byte[] DecodeFrames() => TableImages.ToRgbFrames(Frames, Width, Height, $"generated {ClipId} s{Subject} frames");

    /// <summary>Decodes the keyframe to RGB bytes.</summary>
    public byte[] DecodeKeyframe() => TableImages.ToRgb(Keyframe, Width, Height, $"generated {ClipId} s{Subject} keyframe");
}
