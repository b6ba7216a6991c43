using Neurons.Evaluation.Models;

namespace Neurons.Evaluation.Runs;

/// <summary>
/// One clip to evaluate: its ground truth and the prediction for each decoupled output. Anything
/// null is not evaluated for this clip. In the ground-truth sanity run the prediction is the truth.
/// </summary>
public sealed record EvaluationClip
{
    /// <summary>Gets the clip id.</summary>
    public required string ClipId { get; init; }

    /// <summary>Gets the clip's position in its split (seeds the N-way trials).</summary>
    public required int Index { get; init; }

    /// <summary>Gets the ground-truth frames (six).</summary>
    public IReadOnlyList<RgbFrame>? TruthFrames { get; init; }

    /// <summary>Gets the predicted frames (as many as the truth).</summary>
    public IReadOnlyList<RgbFrame>? PredictionFrames { get; init; }

    /// <summary>Gets the ground-truth caption.</summary>
    public string? TruthCaption { get; init; }

    /// <summary>Gets the predicted caption.</summary>
    public string? PredictionCaption { get; init; }

    /// <summary>Gets the ground-truth mask of all frames at 64² (frame-major, row-major).</summary>
    public bool[]? TruthMask { get; init; }

    /// <summary>Gets the predicted mask, binarised, same layout as <see cref="TruthMask"/>.</summary>
    public bool[]? PredictionMask { get; init; }

    /// <summary>Gets the ground-truth concept labels (51).</summary>
    public IReadOnlyList<bool>? TruthConcepts { get; init; }

    /// <summary>Gets the predicted concept probabilities (after sigmoid).</summary>
    public IReadOnlyList<double>? PredictionConcepts { get; init; }
}
