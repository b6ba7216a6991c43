using static TorchSharp.torch;

namespace Neurons.Model.Training;

/// <summary>One prepared training batch on the training device (float32).</summary>
/// <param name="Epoch">The epoch.</param>
/// <param name="Index">The batch index within the epoch.</param>
/// <param name="Voxels">Voxels of the epoch's repeat [B, V].</param>
/// <param name="Tokens">Target tokens of the epoch's frame [B, tokens·width].</param>
/// <param name="Text">Caption embeddings [B, text width].</param>
public sealed record TrainingBatch(int Epoch, int Index, Tensor Voxels, Tensor Tokens, Tensor Text) : IDisposable
{
    /// <inheritdoc/>
    public void Dispose()
    {
        Voxels.Dispose();
        Tokens.Dispose();
        Text.Dispose();
    }
}
