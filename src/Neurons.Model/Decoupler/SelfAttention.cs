using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Neurons.Model.Decoupler;

/// <summary>
/// diffusers <c>Attention</c> as the NEURONS video decoder builds it (<c>_from_deprecated_attn_block</c>, one head of
/// width C, <c>residual_connection</c>, bias on q/k/v/out; docs/model.md): GroupNorm(groups, C, eps 1e-6) over the input,
/// <c>to_q</c>/<c>to_k</c>/<c>to_v</c>, softmax(q·kᵀ/√C)·v, <c>to_out.0</c>, plus the input. Accepts an image batch
/// [B, C, H, W] (attention over the H·W positions) or sequences [B, L, C] (attention over L; normalised over C
/// groups × L, as diffusers does for 3-D input).
/// </summary>
internal sealed class SelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly GroupNorm group_norm;
    private readonly Linear to_q;
    private readonly Linear to_k;
    private readonly Linear to_v;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> to_out;

    public SelfAttention(int channels, int groups)
        : base(nameof(SelfAttention))
    {
        group_norm = GroupNorms.Create(groups, channels, 1e-6);
        to_q = nn.Linear(channels, channels);
        to_k = nn.Linear(channels, channels);
        to_v = nn.Linear(channels, channels);
        to_out = new ModuleList<nn.Module<Tensor, Tensor>>(nn.Linear(channels, channels), nn.Dropout(0.0));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var image = input.dim() == 4;
        var tokens = image ? input.flatten(2).transpose(1, 2) : input;
        var normed = group_norm.call(tokens.transpose(1, 2)).transpose(1, 2);
        var q = to_q.call(normed);
        var k = to_k.call(normed);
        var v = to_v.call(normed);

        // One head of width C: softmax(q·kᵀ / √C)·v (the fused kernel when libtorch has one).
        var attended = nn.functional.scaled_dot_product_attention(q, k, v);
        var output = to_out[0].call(attended);
        if (image)
        {
            output = output.transpose(1, 2).reshape(input.shape);
        }

        return output.add(input).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            group_norm.Dispose();
            to_q.Dispose();
            to_k.Dispose();
            to_v.Dispose();
            to_out.Dispose();
        }

        base.Dispose(disposing);
    }
}
