namespace Neurons.Evaluation.Classification;

/// <summary>One N-way sample: the classifier's logits on the ground truth and on the prediction.</summary>
/// <param name="GroundTruthLogits">Logits on the ground-truth input.</param>
/// <param name="PredictionLogits">Logits on the predicted input.</param>
/// <param name="SampleIndex">The video index (seeds the trials).</param>
/// <param name="Frame">The frame index for frame-level tests, −1 for video-level (seeds the trials).</param>
public sealed record NWaySample(float[] GroundTruthLogits, float[] PredictionLogits, int SampleIndex, int Frame = -1);
