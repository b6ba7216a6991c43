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

    /// <summary>Returns the request for one decoded clip (the <c>decoded</c> table's columns), keyed <c>&lt;clip&gt;/s&lt;subject&gt;</c>.</summary>
    /// <param name="clipId">The clip id.</param>
    /// <param name="subject">The subject.</param>
    /// <param name="caption">The decoded caption.</param>
    /// <param name="blurryFrames">The six blurry frames (square, <paramref name="frameSize"/> on a side).</param>
    /// <param name="frameSize">The blurry frames' side.</param>
    /// <param name="masks">The six masks (empty: none).</param>
    /// <param name="maskSize">The masks' side.</param>
    /// <param name="keyframeTokens">The keyframe tokens, [N, D] row-major (empty: none).</param>
    /// <param name="seed">The clip's stream seed (<see cref="GenerationSeed"/>).</param>
    public static ClipRequest FromDecoded(string clipId, int subject, string caption, byte[] blurryFrames, int frameSize, byte[] masks, int maskSize, IReadOnlyList<float> keyframeTokens, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(masks);
        ArgumentNullException.ThrowIfNull(keyframeTokens);
        return new()
        {
            Key = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{clipId}/s{subject}"),
            Caption = caption,
            BlurryFrames = blurryFrames,
            FrameSize = frameSize,
            Masks = masks.Length == 0 ? null : masks,
            MaskSize = maskSize,
            Seed = seed,
            KeyframeTokens = keyframeTokens.Count == 0 ? null : [.. keyframeTokens],
        };
    }
}
