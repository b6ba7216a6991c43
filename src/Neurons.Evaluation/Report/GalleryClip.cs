namespace Neurons.Evaluation.Report;

/// <summary>One clip of the per-clip gallery; its images are the committed PNGs of the tables, shown as they are.</summary>
public sealed record GalleryClip
{
    /// <summary>Gets the clip id (<c>test1_007</c>).</summary>
    public required string ClipId { get; init; }

    /// <summary>Gets the ground-truth frames in order (the <c>clips</c> table's PNG cells).</summary>
    public IReadOnlyList<GalleryMedia> Frames { get; init; } = [];

    /// <summary>Gets the key-object masks, one per frame (the <c>keyobjects</c> table's gray PNGs, 255 inside); empty when none.</summary>
    public IReadOnlyList<GalleryMedia> KeyMasks { get; init; } = [];

    /// <summary>Gets the key object's name.</summary>
    public string KeyObject { get; init; } = string.Empty;

    /// <summary>Gets the ground-truth caption.</summary>
    public string Caption { get; init; } = string.Empty;

    /// <summary>Gets the ground-truth concepts.</summary>
    public IReadOnlyList<string> Concepts { get; init; } = [];

    /// <summary>Gets the per-clip metrics by name (the gallery sorts by any of them).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Gets the decoded outputs, one per subject.</summary>
    public IReadOnlyList<GalleryDecoding> Decodings { get; init; } = [];
}
