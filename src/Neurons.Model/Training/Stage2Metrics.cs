namespace Neurons.Model.Training;

/// <summary>One stage-2 evaluation on the test split (see <see cref="DecouplerTrainingRow"/> for each figure's definition).</summary>
/// <param name="ForwardTop1">Forward top-1 retrieval of frame-2 motion tokens (noised-GT prior).</param>
/// <param name="BackwardTop1">Backward top-1 retrieval.</param>
/// <param name="ChanceTop1">Chance top-1 within the evaluation batches.</param>
/// <param name="CaptionAccuracy">Caption token accuracy.</param>
/// <param name="ConceptMap">Concept mAP.</param>
/// <param name="MaskDice">Thresholded mask Dice.</param>
/// <param name="LatentL1">Latent L1 of the reconstruction head.</param>
/// <param name="PriorCosine">Mean cosine of the prior's output to the target tokens.</param>
/// <param name="Stage1Cosine">Mean cosine of the stage-1 output to the target tokens.</param>
/// <param name="Sampled">Whether the sub-task metrics used DDPM samples of the prior (else its noised-GT x₀).</param>
public sealed record Stage2Metrics(
    double ForwardTop1,
    double BackwardTop1,
    double ChanceTop1,
    double CaptionAccuracy,
    double ConceptMap,
    double MaskDice,
    double LatentL1,
    double PriorCosine,
    double Stage1Cosine,
    bool Sampled)
{
    /// <summary>Gets the checkpoint-selection metric of the reference: forward + backward top-1 + caption token accuracy.</summary>
    public double Selection => ForwardTop1 + BackwardTop1 + CaptionAccuracy;
}
