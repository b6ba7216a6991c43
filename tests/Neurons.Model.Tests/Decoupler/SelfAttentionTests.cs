using Neurons.Model.Decoupler;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Neurons.Model.Tests.Decoupler;

public sealed class SelfAttentionTests
{
    [Fact]
    public void Forward_ImageBatch_IsOneHeadAttentionOverPositionsOfTheGroupNormedInputPlusInput()
    {
        // Given a one-head attention over 8 channels (2 groups) with non-trivial norm parameters, and 2 images of 3×2
        using var attention = new SelfAttention(8, 2);
        var p = attention.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        using (no_grad())
        {
            p["group_norm.weight"].copy_(linspace(0.5, 1.5, 8));
            p["group_norm.bias"].copy_(linspace(-0.2, 0.2, 8));
        }

        using var x = randn(2, 8, 3, 2);

        // When applied
        using var y = attention.call(x);

        // Then y = x + to_out(softmax(q·kᵀ/√8)·v) with q, k, v from GroupNorm(x) as [B, H·W, C] tokens
        using var scope = NewDisposeScope();
        var normed = F.group_norm(x, 2, p["group_norm.weight"], p["group_norm.bias"], 1e-6).flatten(2).transpose(1, 2);
        var q = normed.matmul(p["to_q.weight"].T).add(p["to_q.bias"]);
        var k = normed.matmul(p["to_k.weight"].T).add(p["to_k.bias"]);
        var v = normed.matmul(p["to_v.weight"].T).add(p["to_v.bias"]);
        var attended = q.matmul(k.transpose(1, 2)).div(Math.Sqrt(8)).softmax(-1).matmul(v);
        var projected = attended.matmul(p["to_out.0.weight"].T).add(p["to_out.0.bias"]);
        var expected = projected.transpose(1, 2).reshape(2, 8, 3, 2).add(x);
        Assert.True(y.allclose(expected, rtol: 1e-5, atol: 1e-6));
    }
}
