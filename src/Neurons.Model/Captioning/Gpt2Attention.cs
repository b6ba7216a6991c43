using Neurons.Model.Brain;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Neurons.Model.Captioning;

/// <summary>
/// GPT-2 causal self-attention (Hugging Face <c>GPT2Attention</c>): <c>c_attn</c> (W → 3W: q, k, v), softmax of
/// q·kᵀ/√d with future positions masked, attention dropout, <c>c_proj</c> (W → W) and residual dropout. Hugging Face
/// stores both projections as <c>Conv1D</c> ([in, out]); here they are <c>Linear</c> ([out, in]) and
/// <see cref="Gpt2Weights"/> transposes on load.
/// </summary>
internal sealed class Gpt2Attention : nn.Module<Tensor, Tensor>
{
    private readonly Linear c_attn;
    private readonly Linear c_proj;
    private readonly GeneratorDropout attn_dropout;
    private readonly GeneratorDropout resid_dropout;
    private readonly int width;
    private readonly int heads;

    public Gpt2Attention(Gpt2Config config, Generator generator)
        : base(nameof(Gpt2Attention))
    {
        width = config.Width;
        heads = config.Heads;
        c_attn = nn.Linear(width, 3L * width);
        c_proj = nn.Linear(width, width);
        attn_dropout = new GeneratorDropout(config.Dropout, generator);
        resid_dropout = new GeneratorDropout(config.Dropout, generator);
        RegisterComponents();
    }

    /// <param name="input">Hidden states [B, L, W].</param>
    public override Tensor forward(Tensor input) => Forward(input, null, 0);

    /// <summary>Attends from the L new positions to the cached ones and to themselves (causally); appends their keys and values to the cache.</summary>
    public Tensor Forward(Tensor input, Gpt2KeyValueCache? cache, int layer)
    {
        long batch = input.shape[0], length = input.shape[1], headWidth = width / heads;
        var qkv = c_attn.call(input).split(width, dim: 2);
        var q = qkv[0].view(batch, length, heads, headWidth).transpose(1, 2);
        var k = qkv[1].view(batch, length, heads, headWidth).transpose(1, 2);
        var v = qkv[2].view(batch, length, heads, headWidth).transpose(1, 2);
        if (cache is not null)
        {
            (k, v) = cache.Append(layer, k, v);
        }

        var past = k.shape[2] - length;
        var scores = q.matmul(k.transpose(-2, -1)).div_(Math.Sqrt(headWidth));
        using (var future = ones(length, past + length, dtype: ScalarType.Bool, device: input.device).triu_(past + 1))
        {
            scores.masked_fill_(future, float.NegativeInfinity);
        }

        var weights = attn_dropout.call(scores.softmax(-1));
        var y = weights.matmul(v).transpose(1, 2).contiguous().view(batch, length, width);
        return resid_dropout.call(c_proj.call(y));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            c_attn.Dispose();
            c_proj.Dispose();
            attn_dropout.Dispose();
            resid_dropout.Dispose();
        }

        base.Dispose(disposing);
    }
}
