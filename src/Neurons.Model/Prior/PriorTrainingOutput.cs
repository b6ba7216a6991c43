using static TorchSharp.torch;

namespace Neurons.Model.Prior;

/// <summary>The result of one diffusion-prior training forward pass (the caller disposes both tensors).</summary>
/// <param name="Loss">The scalar MSE between the x₀ prediction and the target tokens.</param>
/// <param name="PredictedX0">The x₀ prediction [B, N, D] from the noised target tokens (with gradient; NEURONS feeds it to the motion projection).</param>
public sealed record PriorTrainingOutput(Tensor Loss, Tensor PredictedX0) : IDisposable
{
    /// <inheritdoc/>
    public void Dispose()
    {
        Loss.Dispose();
        PredictedX0.Dispose();
    }
}
