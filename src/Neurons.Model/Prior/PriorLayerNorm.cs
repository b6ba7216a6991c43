using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Neurons.Model.Prior;

/// <summary>
/// dalle2-pytorch's <c>LayerNorm</c>: gain <c>g</c> only (no bias), biased variance, eps 1e-5 in float32 and 1e-3 in
/// lower precision. The "stable" variant first divides the input by its (detached) maximum over the last axis — the
/// signed maximum, as the reference does, not the absolute one.
/// </summary>
internal sealed class PriorLayerNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter g;
    private readonly bool stable;

    public PriorLayerNorm(long dim, bool stable = false)
        : base(nameof(PriorLayerNorm))
    {
        this.stable = stable;
        g = nn.Parameter(ones(dim));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var eps = input.dtype == ScalarType.Float32 ? 1e-5 : 1e-3;
        using var scope = NewDisposeScope();
        var x = input;
        if (stable)
        {
            using var max = input.amax([-1], keepdim: true).detach();
            x = input.div(max);
        }

        var variance = x.var(-1, unbiased: false, keepdim: true);
        var mean = x.mean([-1], keepdim: true);
        var result = x.sub(mean).mul(variance.add(eps).rsqrt()).mul(g);
        return result.MoveToOuterDisposeScope();
    }
}
