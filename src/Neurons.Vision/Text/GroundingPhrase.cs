namespace Neurons.Vision.Text;

/// <summary>One phrase of a Grounding DINO caption and the tokens it occupies.</summary>
/// <param name="Text">The phrase as given (e.g. <c>dog</c>).</param>
/// <param name="Start">Index of its first token in the caption.</param>
/// <param name="End">Index one past its last token, excluding the <c>.</c> separator.</param>
public sealed record GroundingPhrase(string Text, int Start, int End);
