using Neurons.Data.Tables;
using Neurons.Model.Captioning;
using Neurons.Model.Decoupled;

namespace Neurons.Model.Inference;

/// <summary>Turns one <see cref="DecodedClip"/> and its blurry frames into a <c>decoded</c> table row (docs/tables/decoded.md).</summary>
public static class DecodedRows
{
    /// <summary>Returns the row.</summary>
    /// <param name="clip">The clip decoded (id, split, segment, position, frame size).</param>
    /// <param name="subject">The subject.</param>
    /// <param name="fmriClipId">The clip whose fMRI was decoded (the clip itself unless a control shuffles).</param>
    /// <param name="repeats">How many repeats were averaged.</param>
    /// <param name="decoded">The decoder's outputs.</param>
    /// <param name="frames">The blurry frames (<see cref="BlurryFramePixels"/>).</param>
    /// <param name="tokenizer">The caption tokenizer of the model.</param>
    /// <param name="names">The concept names, in the classifier's order.</param>
    /// <param name="config">The model's configuration (token count and width).</param>
    public static DecodedRow Create(ClipRow clip, int subject, string fmriClipId, int repeats, DecodedClip decoded, byte[] frames, ICaptionTokenizer tokenizer, IReadOnlyList<string> names, DecoupledModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(clip);
        ArgumentNullException.ThrowIfNull(decoded);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(config);
        return new()
        {
            ClipId = clip.ClipId,
            Split = clip.Split,
            Segment = clip.Segment,
            SplitIndex = clip.SplitIndex,
            Subject = subject,
            FmriClipId = fmriClipId,
            Repeats = repeats,
            Seed = decoded.Seed,
            Caption = tokenizer.Decode(decoded.CaptionIds).Trim(),
            ConceptScores = [.. decoded.ConceptScores],
            PresentConcepts = [.. decoded.ConceptScores.Select((s, i) => (s, i)).Where(p => p.s > 0.5f).Select(p => names[p.i])],
            TopConcept = names[decoded.TopConcept],
            MaskSize = decoded.MaskSize,
            Masks = [.. Enumerable.Range(0, ClipRow.FrameCount).Select(f => TableImages.FromMaskBytes(decoded.Masks.AsSpan(f * decoded.MaskSize * decoded.MaskSize, decoded.MaskSize * decoded.MaskSize), decoded.MaskSize, decoded.MaskSize))],
            Width = clip.Width,
            Height = clip.Height,
            BlurryFrames = TableImages.FromRgbFrames(frames, clip.Width, clip.Height),
            LatentSide = decoded.LatentSide,
            BlurryLatents = [.. decoded.BlurryLatents],
            TokenCount = config.Prior.Tokens,
            TokenWidth = config.Prior.Dim,
            KeyframeWeights = [.. decoded.KeyframeWeights],
            KeyframeTokens = TargetFloat16.Round(decoded.KeyframeTokens),
        };
    }
}
