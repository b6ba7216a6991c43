namespace Neurons.Evaluation.Report;

/// <summary>One clip of the per-clip gallery.</summary>
public sealed record GalleryClip
{
    /// <summary>Gets the clip id (<c>test1_007</c>).</summary>
    public required string ClipId { get; init; }

    /// <summary>Gets the ground-truth frames, 6 × H × W × 3 RGB (the <c>clips</c> layout).</summary>
    public required ReadOnlyMemory<byte> Frames { get; init; }

    /// <summary>Gets the frame width.</summary>
    public required int Width { get; init; }

    /// <summary>Gets the frame height.</summary>
    public required int Height { get; init; }

    /// <summary>Gets the key-object masks, 6 × <see cref="MaskWidth"/> × <see cref="MaskHeight"/> (non-zero inside); empty when none.</summary>
    public ReadOnlyMemory<byte> KeyMasks { get; init; }

    /// <summary>Gets the mask width.</summary>
    public int MaskWidth { get; init; }

    /// <summary>Gets the mask height.</summary>
    public int MaskHeight { get; init; }

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
