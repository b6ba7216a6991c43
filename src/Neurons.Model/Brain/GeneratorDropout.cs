using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Brain;

/// <summary>
/// Inverted dropout (as <c>nn.Dropout</c>) that draws its mask from an explicit <see cref="Generator"/>, so the
/// trainer can checkpoint and restore the random stream and a resumed run repeats an uninterrupted one exactly.
/// </summary>
internal sealed class GeneratorDropout : nn.Module<Tensor, Tensor>
{
    private readonly double p;
    private readonly Generator generator;

    public GeneratorDropout(double p, RandomSource random)
        : this(p, random.Generator)
    {
    }

    public GeneratorDropout(double p, Generator generator)
        : base(nameof(GeneratorDropout))
    {
        this.p = p;
        this.generator = generator;
    }

    public override Tensor forward(Tensor input)
    {
        if (!training || p == 0)
        {
            return input.alias();
        }

        using var keep = rand(input.shape, dtype: input.dtype, device: input.device, generator: generator);
        using var mask = keep.ge_(p);
        return input.mul(mask).div_(1 - p);
    }
}
