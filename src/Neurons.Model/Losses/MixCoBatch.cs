using static TorchSharp.torch;

namespace Neurons.Model.Losses;

/// <summary>The result of <see cref="ContrastiveLosses.MixCo"/>: the mixed voxels and what the soft targets need.</summary>
/// <param name="Voxels">The mixed voxels [B, V].</param>
/// <param name="Permutation">The partner of each sample [B] (int64).</param>
/// <param name="Betas">The weight of each sample's own voxels [B]; 1 for unmixed samples.</param>
/// <param name="Selected">Which samples were mixed [B] (bool).</param>
public sealed record MixCoBatch(Tensor Voxels, Tensor Permutation, Tensor Betas, Tensor Selected) : IDisposable
{
    /// <inheritdoc/>
    public void Dispose()
    {
        Voxels.Dispose();
        Permutation.Dispose();
        Betas.Dispose();
        Selected.Dispose();
    }
}
