using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Neurons.Model.Prior;

/// <summary>
/// dalle2-pytorch's <c>FeedForward(dim, mult = 4)</c> without post-activation norm or dropout, as a Sequential so
/// the keys match: 0 LayerNorm (gain only), 1 Linear(dim → 2·4·dim, no bias), 2 SwiGLU, 3 Identity (no
/// post-activation norm), 4 Identity (dropout 0), 5 Linear(4·dim → dim, no bias).
/// </summary>
internal static class PriorFeedForward
{
    public static Sequential Create(int dim, Generator generator)
    {
        long inner = (long)PriorConfig.FeedForwardMult * dim;
        return nn.Sequential(
            new PriorLayerNorm(dim),
            PriorInit.Linear(dim, 2 * inner, false, generator),
            new SwiGlu(),
            nn.Identity(),
            nn.Identity(),
            PriorInit.Linear(inner, dim, false, generator));
    }
}
