namespace Neurons.Model.Datasets;

/// <summary>The shape every row of a <c>targets</c> table shares (its first row's).</summary>
/// <param name="Tokens">CLIP image tokens per frame.</param>
/// <param name="Width">Width of one image token.</param>
/// <param name="TextWidth">Width of the caption embedding.</param>
/// <param name="Frames">The frames whose image tokens are stored, in stored order.</param>
public sealed record TargetShape(int Tokens, int Width, int TextWidth, IReadOnlyList<int> Frames);
