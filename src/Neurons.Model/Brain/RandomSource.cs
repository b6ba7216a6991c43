using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Brain;

/// <summary>
/// The one random stream of a training run (dropout masks, MixCo permutations, β draws, mixing choices): a torch
/// <see cref="torch.Generator"/> on the training device whose state is saved in every checkpoint.
/// </summary>
public sealed class RandomSource : IDisposable
{
    /// <summary>Initializes a new instance of the <see cref="RandomSource"/> class.</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="device">The device whose generator is used (CPU unless training on CUDA).</param>
    public RandomSource(long seed, Device? device = null)
    {
        Generator = new Generator((ulong)seed, device ?? CPU);
    }

    /// <summary>Gets the generator.</summary>
    public Generator Generator { get; }

    /// <summary>Returns a CPU byte tensor holding the generator state (caller disposes).</summary>
    public Tensor GetState() => Generator.get_state();

    /// <summary>Restores a state returned by <see cref="GetState"/>.</summary>
    public void SetState(Tensor state) => Generator.set_state(state);

    /// <inheritdoc/>
    public void Dispose() => Generator.Dispose();
}
