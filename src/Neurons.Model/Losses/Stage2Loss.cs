using static TorchSharp.torch;

namespace Neurons.Model.Losses;

/// <summary>
/// The terms of the NEURONS stage-2 loss (train_neurons.py L507–513; docs/model.md):
/// L = 30·L_prior + L_softclip + L_nce + w_seg·L_seg + w_cls·L_cls + w_txt·L_txt + w_rec·L_rec, the wᵢ from
/// <see cref="Training.ProgressiveLossWeights"/>. Owns its tensors.
/// </summary>
/// <param name="Prior">The diffusion prior's MSE.</param>
/// <param name="SoftClip">SoftCLIP of the motion tokens against all six frames' targets.</param>
/// <param name="TextNce">InfoNCE of the projected motion text against the caption embedding.</param>
/// <param name="Segmentation">Soft Dice of the key-object masks.</param>
/// <param name="Classification">BCE-with-logits of the 51 concepts.</param>
/// <param name="Caption">The GPT-2 caption cross-entropy.</param>
/// <param name="Reconstruction">L1 of the blurry-video latents.</param>
public sealed record Stage2Loss(
    Tensor Prior, Tensor SoftClip, Tensor TextNce, Tensor Segmentation, Tensor Classification, Tensor Caption, Tensor Reconstruction) : IDisposable
{
    /// <summary>The prior's weight (<c>prior_scale</c>).</summary>
    public const double PriorScale = 30;

    /// <summary>Combines the terms: 30·prior + softclip + nce + Σ wᵢ·Lᵢ over (seg, cls, txt, rec).</summary>
    /// <param name="weights">[w_seg, w_cls, w_txt, w_rec].</param>
    /// <returns>A new scalar tensor (caller disposes).</returns>
    public Tensor Total(IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count != 4)
        {
            throw new ArgumentException($"stage-2 loss: expected 4 progressive weights [seg, cls, txt, rec], got {weights.Count}", nameof(weights));
        }

        using var scope = NewDisposeScope();
        var total = Prior.mul(PriorScale).add(SoftClip).add(TextNce)
            .add(Segmentation.mul(weights[0]))
            .add(Classification.mul(weights[1]))
            .add(Caption.mul(weights[2]))
            .add(Reconstruction.mul(weights[3]));
        return total.MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Prior.Dispose();
        SoftClip.Dispose();
        TextNce.Dispose();
        Segmentation.Dispose();
        Classification.Dispose();
        Caption.Dispose();
        Reconstruction.Dispose();
    }
}
