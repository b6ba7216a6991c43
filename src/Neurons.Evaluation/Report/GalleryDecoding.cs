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

    /// <summary>Gets the predicted masks, 6 × <see cref="MaskSize"/>², 0 or non-zero; empty when none.</summary>
    public ReadOnlyMemory<byte> Masks { get; init; }

    /// <summary>Gets the side of <see cref="Masks"/>.</summary>
    public int MaskSize { get; init; }

    /// <summary>Gets the blurry frames, the clips layout (6 × H × W × 3); empty when none.</summary>
    public ReadOnlyMemory<byte> BlurryFrames { get; init; }

    /// <summary>Gets the width of the blurry frames.</summary>
    public int Width { get; init; }

    /// <summary>Gets the height of the blurry frames.</summary>
    public int Height { get; init; }

    /// <summary>Gets a committed video file (GIF/MP4) to copy into the report, or null.</summary>
    public string? VideoFile { get; init; }
}
