namespace Neurons.Model.Decoupler;

/// <summary>
/// How the text-driven decoder's cross-attention and temporal self-attention group the batch (docs/model.md).
/// </summary>
public enum DecouplerAttention
{
    /// <summary>
    /// The paper: each clip's tokens attend to that clip's own text vector only, and the decoder's temporal
    /// attention runs over each clip's own frames. A clip's output does not depend on its batch-mates. With one
    /// text vector per clip the softmax is 1 for every token, so the output ignores the brain tokens entirely.
    /// </summary>
    PerClip,

    /// <summary>
    /// <see cref="PerClip"/> plus the residual a transformer cross-attention block has: the projected brain tokens
    /// are added to the attended text, so the maps carry the tokens' spatial content. Batch-independent. Default.
    /// </summary>
    PerClipResidual,

    /// <summary>
    /// The authors' code: every token attends over all B text vectors of the batch, and temporal attention runs
    /// over all B·frames frames of the batch as one sequence (results depend on the batch size).
    /// </summary>
    Reference,
}
