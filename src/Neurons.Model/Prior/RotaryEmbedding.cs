using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Prior;

/// <summary>
/// Rotary position embedding as <c>rotary_embedding_torch.RotaryEmbedding(dim)</c> with its defaults (language
/// frequencies f_j = 1 / 10000^(2j / dim), interleaved pairs, no xpos): position p rotates the feature pair
/// (x_{2j}, x_{2j+1}) of the first <c>dim</c> features by the angle p · f_j; the remaining features pass unchanged.
/// Positions are 0 … n − 1 along the second-to-last axis. The frequencies are the buffer <c>freqs</c> (a frozen
/// parameter in the reference).
/// </summary>
internal sealed class RotaryEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly Tensor freqs;

    public RotaryEmbedding(int dim)
        : base(nameof(RotaryEmbedding))
    {
        if (dim < 2 || dim % 2 != 0)
        {
            throw new ArgumentException($"rotary dimension must be even and ≥ 2, got {dim}", nameof(dim));
        }

        Dim = dim;
        var values = Enumerable.Range(0, dim / 2).Select(j => (float)(1.0 / Math.Pow(10000, 2.0 * j / dim))).ToArray();
        freqs = tensor(values);
        RegisterComponents();
    }

    /// <summary>Gets the number of leading features rotated.</summary>
    public int Dim { get; }

    /// <summary>Rotates <paramref name="input"/> [..., n, d] (d ≥ <see cref="Dim"/>) by positions 0 … n − 1.</summary>
    public override Tensor forward(Tensor input)
    {
        var d = input.shape[^1];
        if (d < Dim)
        {
            throw new ArgumentException($"rotary embedding of {Dim} features cannot rotate a head of {d}", nameof(input));
        }

        var n = input.shape[^2];
        using var scope = NewDisposeScope();
        var positions = arange(n, dtype: input.dtype, device: input.device);
        var angles = positions.unsqueeze(1).mul(freqs.to(input.dtype).unsqueeze(0)).repeat_interleave(2, 1); // [n, Dim]
        var middle = input.narrow(-1, 0, Dim);
        var rotated = middle.mul(angles.cos()).add(RotateHalf(middle).mul(angles.sin()));
        var result = d == Dim ? rotated : cat([rotated, input.narrow(-1, Dim, d - Dim)], -1);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>(x0, x1, x2, x3, …) → (−x1, x0, −x3, x2, …).</summary>
    private static Tensor RotateHalf(Tensor x)
    {
        var shape = x.shape;
        var pairs = x.reshape([.. shape[..^1], shape[^1] / 2, 2]);
        var first = pairs.select(-1, 0);
        var second = pairs.select(-1, 1);
        return stack([second.neg(), first], -1).reshape(shape);
    }
}
