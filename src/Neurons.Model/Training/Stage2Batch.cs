using static TorchSharp.torch;

namespace Neurons.Model.Training;

/// <summary>One float32 stage-2 batch on the training device (see <see cref="Stage2Split"/> for the shapes).</summary>
/// <param name="Voxels">Voxels [B, V].</param>
/// <param name="Tokens">Image tokens of all frames [B, F, N, D].</param>
/// <param name="Text">Caption embeddings [B, T].</param>
/// <param name="KeyText">Key-object name embeddings [B, T].</param>
/// <param name="Masks">Key-object masks [B, F, S, S].</param>
/// <param name="Latents">VAE latents [B, F, C, h, w].</param>
/// <param name="Concepts">Concept multi-hot [B, K].</param>
/// <param name="CaptionIds">Caption target ids [B, L] int64.</param>
public sealed record Stage2Batch(Tensor Voxels, Tensor Tokens, Tensor Text, Tensor KeyText, Tensor Masks, Tensor Latents, Tensor Concepts, Tensor CaptionIds) : IDisposable
{
    /// <inheritdoc/>
    public void Dispose()
    {
        Voxels.Dispose();
        Tokens.Dispose();
        Text.Dispose();
        KeyText.Dispose();
        Masks.Dispose();
        Latents.Dispose();
        Concepts.Dispose();
        CaptionIds.Dispose();
    }
}
