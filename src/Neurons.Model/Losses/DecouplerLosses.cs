using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Neurons.Model.Losses;

/// <summary>
/// The three per-head losses of the NEURONS decoupler as train_neurons.py computes them (docs/model.md): the masks
/// and the decoder's latents are brought to each other's size by nearest-neighbour resizing first.
/// </summary>
public static class DecouplerLosses
{
    /// <summary>
    /// L_seg: <see cref="SoftDiceLoss"/> of the mask logits against the key-object masks binarised (&gt; 0 → 1) and
    /// nearest-resized to the logits' side.
    /// </summary>
    /// <param name="logits">Mask logits [B·frames, 1, S, S].</param>
    /// <param name="masks">Key-object masks [B, frames, H, W] (any numeric type; &gt; 0 is the object).</param>
    public static Tensor Segmentation(Tensor logits, Tensor masks)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(masks);
        if (masks.dim() != 4 || masks.shape[0] * masks.shape[1] != logits.shape[0])
        {
            throw new ArgumentException(
                $"segmentation: masks have shape [{string.Join(", ", masks.shape)}], expected [B, frames, H, W] with B·frames = {logits.shape[0]}",
                nameof(masks));
        }

        using var scope = NewDisposeScope();
        var binary = masks.gt(0).to(logits.dtype);
        var resized = F.interpolate(binary, size: [logits.shape[^2], logits.shape[^1]], mode: InterpolationMode.Nearest);
        var target = resized.reshape(logits.shape[0], 1, logits.shape[^2], logits.shape[^1]);
        return SoftDiceLoss.Compute(logits, target).MoveToOuterDisposeScope();
    }

    /// <summary>L_cls: mean binary cross-entropy with logits against the concept multi-hot (<c>BCEWithLogitsLoss</c>).</summary>
    /// <param name="logits">Concept logits [B, concepts].</param>
    /// <param name="multiHot">Concept labels [B, concepts], 0/1.</param>
    public static Tensor Classification(Tensor logits, Tensor multiHot)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(multiHot);
        using var target = multiHot.to(logits.dtype);
        return F.binary_cross_entropy_with_logits(logits, target);
    }

    /// <summary>
    /// L_recon: mean L1 between the decoder's latents nearest-resized to the target's side and the VAE latents, divided
    /// by <paramref name="unit"/> (the decoder's <c>LatentLossUnit</c>: 1 in the reference).
    /// </summary>
    /// <param name="reconstruction">Decoder latents [B·frames, C, S, S].</param>
    /// <param name="latents">Target latents [B·frames, C, h, w].</param>
    /// <param name="unit">The latent unit the loss is measured in (positive).</param>
    public static Tensor Reconstruction(Tensor reconstruction, Tensor latents, double unit = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(unit);
        ArgumentNullException.ThrowIfNull(reconstruction);
        ArgumentNullException.ThrowIfNull(latents);
        if (latents.dim() != 4 || latents.shape[0] != reconstruction.shape[0] || latents.shape[1] != reconstruction.shape[1])
        {
            throw new ArgumentException(
                $"reconstruction: latents have shape [{string.Join(", ", latents.shape)}], expected [{reconstruction.shape[0]}, {reconstruction.shape[1]}, h, w]",
                nameof(latents));
        }

        using var scope = NewDisposeScope();
        var resized = F.interpolate(reconstruction, size: [latents.shape[2], latents.shape[3]], mode: InterpolationMode.Nearest);
        var l1 = F.l1_loss(resized, latents.to(resized.dtype));
        return (unit == 1.0 ? l1 : l1.div(unit)).MoveToOuterDisposeScope();
    }
}
