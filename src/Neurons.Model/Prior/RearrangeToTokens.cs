using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Prior;

/// <summary>einops <c>Rearrange('b (n d) -> b n d', n = 1)</c> of the time embedding: [B, D] → [B, 1, D].</summary>
internal sealed class RearrangeToTokens : nn.Module<Tensor, Tensor>
{
    public RearrangeToTokens()
        : base(nameof(RearrangeToTokens))
    {
    }

    public override Tensor forward(Tensor input) => input.unsqueeze(1);
}
