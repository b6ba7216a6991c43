namespace Neurons.Evaluation.Captions;

/// <summary>One scored item: a hypothesis caption and its reference captions (already tokenised, or raw when the scorer tokenises).</summary>
/// <param name="Hypothesis">The predicted caption.</param>
/// <param name="References">One or more reference captions.</param>
public sealed record CaptionSample(string Hypothesis, IReadOnlyList<string> References)
{
    /// <summary>Creates a sample with a single reference.</summary>
    public static CaptionSample Of(string hypothesis, string reference) => new(hypothesis, [reference]);
}
