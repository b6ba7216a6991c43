using static TorchSharp.torch;

namespace Neurons.Model.Decoupler;

/// <summary>The outputs of one <see cref="TextDrivenDecoder"/> pass: both heads over the shared decoder features.</summary>
/// <param name="Segmentation">Key-object mask logits [B·frames, 1, S, S] (<c>seg_head</c>).</param>
/// <param name="Reconstruction">Blurry-video latents [B·frames, latent channels, S, S] (<c>recon_head</c>).</param>
public sealed record DecoderOutput(Tensor Segmentation, Tensor Reconstruction) : IDisposable
{
    /// <inheritdoc/>
    public void Dispose()
    {
        Segmentation.Dispose();
        Reconstruction.Dispose();
    }
}
