namespace Neurons.Evaluation.Report;

/// <summary>What one subject's model decoded (and generated) for a gallery clip.</summary>
public sealed record GalleryDecoding
{
    /// <summary>Gets the 1-based subject.</summary>
    public required int Subject { get; init; }

    /// <summary>Gets the decoded caption.</summary>
    public string Caption { get; init; } = string.Empty;

    /// <summary>Gets the concept scores by name (the highest are shown as bars).</summary>
    public IReadOnlyList<KeyValuePair<string, double>> ConceptScores { get; init; } = [];

    /// <summary>Gets the predicted masks, one per frame (the <c>decoded</c> table's gray PNGs); empty when none.</summary>
    public IReadOnlyList<GalleryMedia> Masks { get; init; } = [];

    /// <summary>Gets the blurry frames in order (the <c>decoded</c> table's RGB PNGs); empty when none.</summary>
    public IReadOnlyList<GalleryMedia> BlurryFrames { get; init; } = [];

    /// <summary>Gets the committed generated video (GIF/MP4) to copy into the report, or null.</summary>
    public GalleryMedia? Video { get; init; }
}
