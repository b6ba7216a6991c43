using System.ComponentModel.DataAnnotations;

namespace Neurons.Data.Video;

/// <summary>How a segment movie is cut into clips (the parameters of the <c>slice</c> stage).</summary>
public sealed record SliceOptions
{
    /// <summary>Gets the TRs (2-s clips) the movie must cover; the real segments have 240. <value>Default 240.</value></summary>
    [Range(1, 100_000)]
    public int Trs { get; init; } = 240;

    /// <summary>Gets the square output size in pixels. <value>Default 224.</value></summary>
    [Range(8, 8192)]
    public int Size { get; init; } = 224;

    /// <summary>Gets the resize mode: <c>squash</c> (reference) or <c>crop</c>. <value>Default squash.</value></summary>
    public string Resize { get; init; } = "squash";

    /// <summary>Gets the number of clips per Parquet row group. <value>Default 16.</value></summary>
    [Range(1, 1_000_000)]
    public int RowGroup { get; init; } = 16;

    /// <summary>Gets the parsed resize mode.</summary>
    public ResizeMode ResizeMode => Resize == "crop" ? ResizeMode.Crop : ResizeMode.Squash;
}
