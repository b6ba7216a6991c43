using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Neurons.Model.Captioning;

/// <summary>
/// One pre-norm GPT-2 block (Hugging Face <c>GPT2Block</c>): x + attn(ln_1(x)), then + mlp(ln_2(x)).
/// </summary>
internal sealed class Gpt2Block : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm ln_1;
    private readonly Gpt2Attention attn;
    private readonly LayerNorm ln_2;
    private readonly Gpt2Mlp mlp;

    public Gpt2Block(Gpt2Config config, Generator generator)
        : base(nameof(Gpt2Block))
    {
        ln_1 = nn.LayerNorm(config.Width, config.LayerNormEps);
        attn = new Gpt2Attention(config, generator);
        ln_2 = nn.LayerNorm(config.Width, config.LayerNormEps);
        mlp = new Gpt2Mlp(config, generator);
        RegisterComponents();
    }

    /// <param name="input">Hidden states [B, L, W].</param>
    public override Tensor forward(Tensor input) => Forward(input, null, 0);

    /// <summary>Runs the block on new positions, attending to the cached ones of layer <paramref name="layer"/>.</summary>
    public Tensor Forward(Tensor input, Gpt2KeyValueCache? cache, int layer)
    {
        var x = input.add(attn.Forward(ln_1.call(input), cache, layer));
        return x.add(mlp.call(ln_2.call(x)));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ln_1.Dispose();
            attn.Dispose();
            ln_2.Dispose();
            mlp.Dispose();
        }

        base.Dispose(disposing);
    }
}
