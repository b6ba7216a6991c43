namespace Neurons.Generation.Pipeline;

/// <summary>One clip to generate, from the <c>decoded</c> table.</summary>
public sealed record ClipRequest
{
    /// <summary>Gets the clip's identity (e.g. <c>test1_007/s1</c>); also names its noise stream in logs.</summary>
    public required string Key { get; init; }

    /// <summary>Gets the decoded caption (the prompt before the suffix).</summary>
    public required string Caption { get; init; }

    /// <summary>Gets the six blurry frames, RGB bytes frame-major then row, column, channel (the <c>clips.frames</c> layout).</summary>
    public required byte[] BlurryFrames { get; init; }

    /// <summary>Gets the blurry frames' side (224).</summary>
    public required int FrameSize { get; init; }

    /// <summary>Gets the six predicted masks (bytes, non-zero = object), each <see cref="MaskSize"/>², or null for none.</summary>
    public byte[]? Masks { get; init; }

    /// <summary>Gets the mask side.</summary>
    public int MaskSize { get; init; }

    /// <summary>Gets the seed of the clip's Gaussian stream.</summary>
    public required ulong Seed { get; init; }

    /// <summary>
    /// Gets the unCLIP condition [N·D] (row-major): the prior's predicted CLIP tokens already multiplied per token by
    /// the clip's mean mask weight (<c>decoded.keyframe_tokens</c>; <see cref="Keyframes.UnclipKeyframe.WeightTokens"/>
    /// computes it); needed by the <c>unclip</c> keyframe only.
    /// </summary>
    public float[]? KeyframeTokens { get; init; }
}
