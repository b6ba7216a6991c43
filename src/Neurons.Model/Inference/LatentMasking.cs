using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Inference;

/// <summary>
/// The mask → latent step of NEURONS inference (<c>recon_keyframe_neurons_enhance.py</c>; docs/model.md):
/// binary = sigmoid(seg) &gt; 0.5; m′ = (binary + 1)/2 ∈ {0.5, 1}; both m′ and the reconstruction are
/// nearest-resized to the latent side; the blurry latents are their product, so the mask scales the
/// <em>latent</em>, not the pixels. The keyframe weights are m′ averaged over a clip's frames and
/// nearest-resized to the token grid.
/// </summary>
public static class LatentMasking
{
    /// <summary>Composes the blurry latents.</summary>
    /// <param name="segmentation">Segmentation logits [B·F, 1, S, S].</param>
    /// <param name="reconstruction">Reconstructed latents [B·F, C, S, S].</param>
    /// <param name="latentSide">L, the latent side the VAE decoder takes.</param>
    /// <returns>The binary masks [B·F, S, S] (uint8), m′ at L [B·F, 1, L, L] and the blurry latents [B·F, C, L, L].</returns>
    public static (Tensor Binary, Tensor Weights, Tensor Latents) Compose(Tensor segmentation, Tensor reconstruction, int latentSide)
    {
        ArgumentNullException.ThrowIfNull(segmentation);
        ArgumentNullException.ThrowIfNull(reconstruction);
        if (segmentation.dim() != 4 || segmentation.shape[1] != 1 || reconstruction.dim() != 4 || reconstruction.shape[0] != segmentation.shape[0])
        {
            throw new ArgumentException($"segmentation [{string.Join(", ", segmentation.shape)}] and reconstruction [{string.Join(", ", reconstruction.shape)}] must be [n, 1, S, S] and [n, C, S, S]", nameof(reconstruction));
        }

        using var scope = NewDisposeScope();
        var binary = segmentation.sigmoid().gt(0.5);
        var weights = binary.to(ScalarType.Float32).add(1).div(2);
        long[] size = [latentSide, latentSide];
        var weightsL = nn.functional.interpolate(weights, size, mode: InterpolationMode.Nearest);
        var reconL = nn.functional.interpolate(reconstruction, size, mode: InterpolationMode.Nearest);
        var latents = reconL.mul(weightsL);
        return (binary.squeeze(1).to(ScalarType.Byte).MoveToOuterDisposeScope(), weightsL.MoveToOuterDisposeScope(), latents.MoveToOuterDisposeScope());
    }

    /// <summary>The per-token keyframe weights of each clip: m′ averaged over its frames, nearest-resized to grid × grid, flattened.</summary>
    /// <param name="weights">m′ at the latent side, [B·F, 1, L, L] (clip-major).</param>
    /// <param name="frames">F, frames per clip.</param>
    /// <param name="grid">√N, the token grid side.</param>
    /// <returns>[B, grid²].</returns>
    public static Tensor KeyframeWeights(Tensor weights, int frames, int grid)
    {
        ArgumentNullException.ThrowIfNull(weights);
        using var scope = NewDisposeScope();
        var clips = weights.shape[0] / frames;
        var mean = weights.reshape(clips, frames, weights.shape[2], weights.shape[3]).mean([1], keepdim: true);
        var resized = nn.functional.interpolate(mean, [grid, grid], mode: InterpolationMode.Nearest);
        return resized.reshape(clips, grid * grid).MoveToOuterDisposeScope();
    }
}
