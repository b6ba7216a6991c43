using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Neurons.Model.Prior;

/// <summary>
/// Builds the prior's layers with PyTorch's default initial distributions, drawn from an explicit generator instead of
/// the global one: Linear weight and bias ~ U(±1/√fan_in) (kaiming-uniform with a = √5), Embedding ~ N(0, 1).
/// </summary>
internal static class PriorInit
{
    public static Linear Linear(long inFeatures, long outFeatures, bool hasBias, Generator generator)
    {
        var linear = nn.Linear(inFeatures, outFeatures, hasBias);
        var bound = 1 / Math.Sqrt(inFeatures);
        using var noGrad = no_grad();
        linear.weight!.uniform_(-bound, bound, generator);
        linear.bias?.uniform_(-bound, bound, generator);
        return linear;
    }

    public static Embedding Embedding(long count, long dim, Generator generator)
    {
        var embedding = nn.Embedding(count, dim);
        using var noGrad = no_grad();
        embedding.weight!.normal_(0, 1, generator);
        return embedding;
    }

    public static Parameter Normal(long[] shape, double scale, Generator generator)
    {
        using var values = randn(shape, generator: generator);
        return nn.Parameter(values.mul(scale));
    }
}
