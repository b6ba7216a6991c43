using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Prior;

/// <summary>
/// dalle2-pytorch's <c>SinusoidalPosEmb</c>: for float times t [B] and half = dim / 2,
/// f_j = exp(−j · ln(10000) / (half − 1)), output [sin(t·f), cos(t·f)] of width dim.
/// </summary>
internal sealed class SinusoidalPosEmb : nn.Module<Tensor, Tensor>
{
    private readonly int dim;

    public SinusoidalPosEmb(int dim)
        : base(nameof(SinusoidalPosEmb))
    {
        this.dim = dim;
    }

    public override Tensor forward(Tensor input)
    {
        if (!input.is_floating_point())
        {
            throw new ArgumentException($"sinusoidal time embedding needs float times, got {input.dtype}", nameof(input));
        }

        using var scope = NewDisposeScope();
        var half = dim / 2;
        var step = Math.Log(10000) / (half - 1);
        var freqs = arange(half, dtype: input.dtype, device: input.device).mul(-step).exp();
        var args = input.unsqueeze(1).mul(freqs.unsqueeze(0));
        return cat([args.sin(), args.cos()], -1).MoveToOuterDisposeScope();
    }
}
