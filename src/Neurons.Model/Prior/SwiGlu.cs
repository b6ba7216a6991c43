using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Prior;

/// <summary>dalle2-pytorch's <c>SwiGLU</c>: split the last axis in halves (x, gate) and return x · SiLU(gate).</summary>
internal sealed class SwiGlu : nn.Module<Tensor, Tensor>
{
    public SwiGlu()
        : base(nameof(SwiGlu))
    {
    }

    public override Tensor forward(Tensor input)
    {
        var halves = input.chunk(2, -1);
        try
        {
            using var gate = nn.functional.silu(halves[1]);
            return halves[0].mul(gate);
        }
        finally
        {
            foreach (var h in halves)
            {
                h.Dispose();
            }
        }
    }
}
