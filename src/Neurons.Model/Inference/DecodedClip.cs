namespace Neurons.Model.Inference;

/// <summary>The decoupled outputs of one clip (docs/model.md), as plain arrays on the CPU.</summary>
/// <param name="Seed">The clip's seed (<see cref="ClipSeed"/>); the prior's noise came from it only.</param>
/// <param name="ConceptScores">The 51 sigmoid scores of the concept classifier.</param>
/// <param name="TopConcept">The index of the highest score (ties: the lower index).</param>
/// <param name="MaskSize">S, the side of the decoder's maps.</param>
/// <param name="Masks">frames × S × S, 1 where sigmoid(segmentation logit) &gt; 0.5.</param>
/// <param name="LatentSide">The side of <paramref name="BlurryLatents"/>.</param>
/// <param name="BlurryLatents">frames × 4 × L × L: nearest(reconstruction, L) ⊙ nearest(m′, L), m′ = (mask + 1)/2.</param>
/// <param name="KeyframeWeights">N per-token weights: m′ (at L) averaged over the frames, nearest-resized to √N × √N.</param>
/// <param name="KeyframeTokens">N × D: the prior's tokens × <paramref name="KeyframeWeights"/> per token.</param>
/// <param name="CaptionIds">The greedy caption ids (without the stop id).</param>
public sealed record DecodedClip(
    long Seed,
    float[] ConceptScores,
    int TopConcept,
    int MaskSize,
    byte[] Masks,
    int LatentSide,
    float[] BlurryLatents,
    float[] KeyframeWeights,
    float[] KeyframeTokens,
    long[] CaptionIds);
