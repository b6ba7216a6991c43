using static TorchSharp.torch;

namespace Neurons.Model.Losses;

/// <summary>
/// The key-object segmentation loss of NEURONS (<c>utils.DiceLoss</c>; docs/model.md): p = sigmoid(logits);
/// Dice = (2·Σ p·m + 1e-7) / (Σ p + Σ m + 1e-7) with the sums over the whole batch tensor at once (batch-global, not
/// per sample); the loss is 1 − Dice. The paper names BCE; the code uses this soft Dice alone.
/// </summary>
public static class SoftDiceLoss
{
    /// <summary>The smoothing term added to numerator and denominator.</summary>
    public const double Smooth = 1e-7;

    /// <summary>Computes 1 − soft Dice over the whole batch.</summary>
    /// <param name="logits">Mask logits, e.g. [B·frames, 1, S, S].</param>
    /// <param name="target">Binary masks of the same shape (values 0/1).</param>
    /// <returns>A scalar tensor.</returns>
    public static Tensor Compute(Tensor logits, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(target);
        if (!logits.shape.SequenceEqual(target.shape))
        {
            throw new ArgumentException(
                $"soft Dice: prediction [{string.Join(", ", logits.shape)}] and mask [{string.Join(", ", target.shape)}] must have the same shape",
                nameof(target));
        }

        using var scope = NewDisposeScope();
        var p = logits.sigmoid();
        var m = target.to(p.dtype);
        var intersection = p.mul(m).sum();
        var union = p.sum().add(m.sum());
        var dice = intersection.mul(2).add(Smooth).div(union.add(Smooth));
        return dice.neg().add(1).MoveToOuterDisposeScope();
    }
}
