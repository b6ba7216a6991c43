using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Neurons.Model.Decoupler;

/// <summary>
/// Builds <c>nn.GroupNorm</c> initialised as PyTorch does (weight 1, bias 0). TorchSharp 0.107's GroupNorm allocates
/// its affine parameters with <c>torch.empty</c> and never initialises them (LayerNorm does), so a fresh GroupNorm
/// holds whatever memory it got, NaN included.
/// </summary>
internal static class GroupNorms
{
    public static GroupNorm Create(long groups, long channels, double eps = 1e-5)
    {
        var norm = nn.GroupNorm(groups, channels, eps);
        using (no_grad())
        {
            norm.weight.fill_(1);
            norm.bias!.zero_();
        }

        return norm;
    }
}
