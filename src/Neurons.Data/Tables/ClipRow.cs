using System.Text.Json.Serialization;

namespace Neurons.Data.Tables;

/// <summary>One row of the <c>clips</c> table: one 2-s TR window of a segment, as six RGB frames.</summary>
public sealed class ClipRow
{
    /// <summary>Frames per clip (3 fps over 2 s).</summary>
    public const int FrameCount = 6;

    /// <summary>Gets or sets the clip id, <c>&lt;segment&gt;_&lt;tr:000&gt;</c> (e.g. <c>seg1_007</c>).</summary>
    [JsonPropertyName("clip_id")]
    public string ClipId { get; set; } = string.Empty;

    /// <summary>Gets or sets <c>train</c> or <c>test</c>.</summary>
    [JsonPropertyName("split")]
    public string Split { get; set; } = string.Empty;

    /// <summary>Gets or sets the segment name (<c>seg1</c>, <c>test2</c>).</summary>
    [JsonPropertyName("segment")]
    public string Segment { get; set; } = string.Empty;

    /// <summary>Gets or sets the TR index inside the segment (0-based); fMRI volume i after trimming.</summary>
    [JsonPropertyName("tr_index")]
    public int TrIndex { get; set; }

    /// <summary>Gets or sets the position of the clip in its split, segment-major (the <c>idx</c> of the NEURONS release files).</summary>
    [JsonPropertyName("split_index")]
    public int SplitIndex { get; set; }

    /// <summary>Gets or sets the window start in seconds (2 × TR index).</summary>
    [JsonPropertyName("start_s")]
    public double StartSeconds { get; set; }

    /// <summary>Gets or sets the 0-based source frame numbers that were sampled (6 values).</summary>
    [JsonPropertyName("source_frames")]
    public List<int> SourceFrames { get; set; } = [];

    /// <summary>Gets or sets the frame width in pixels (224).</summary>
    [JsonPropertyName("width")]
    public int Width { get; set; }

    /// <summary>Gets or sets the frame height in pixels (224).</summary>
    [JsonPropertyName("height")]
    public int Height { get; set; }

    /// <summary>Gets or sets the six frames as RGB PNGs (<see cref="TableImages.FromRgbFrames"/>).</summary>
    [JsonPropertyName("frames")]
    public List<TableImage> Frames { get; set; } = [];

    /// <summary>Gets or sets the SHA-256 (hex) of the source video file.</summary>
    [JsonPropertyName("source_sha256")]
    public string SourceSha256 { get; set; } = string.Empty;

    /// <summary>Returns the file metadata describing <c>frames</c>.</summary>
    public static IReadOnlyDictionary<string, string> Metadata(int width, int height) =>
        new TableMetadata("clips").Image("frames", "RGB", [FrameCount, height, width, 3], "frame", "row", "column", "channel").ToKeyValues();

    /// <summary>Decodes the frames to RGB bytes: frame-major, then row, column, channel.</summary>
    public byte[] DecodeFrames() => TableImages.ToRgbFrames(Frames, Width, Height, $"clips {ClipId}");
}
