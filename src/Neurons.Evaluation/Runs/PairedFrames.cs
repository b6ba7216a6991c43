using Neurons.Evaluation.Models;

namespace Neurons.Evaluation.Runs;

/// <summary>The frames of one evaluated clip kept for the permutation null, with the classifier outputs computed once.</summary>
/// <param name="ClipId">The clip id.</param>
/// <param name="Index">The clip's position in its split (seeds the N-way trials).</param>
/// <param name="Truth">The ground-truth frames (null once the null no longer needs them).</param>
/// <param name="Prediction">The predicted frames.</param>
/// <param name="VideoTruth">VideoMAE logits of the truth, or null.</param>
/// <param name="VideoPrediction">VideoMAE logits of the prediction, or null.</param>
/// <param name="FrameTruth">ViT logits of each truth frame, or null.</param>
/// <param name="FramePrediction">ViT logits of each predicted frame, or null.</param>
internal sealed record PairedFrames(
    string ClipId,
    int Index,
    IReadOnlyList<RgbFrame>? Truth,
    IReadOnlyList<RgbFrame>? Prediction,
    float[]? VideoTruth,
    float[]? VideoPrediction,
    float[][]? FrameTruth,
    float[][]? FramePrediction);
