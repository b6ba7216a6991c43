using Neurons.Model.Brain;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Neurons.Model.Captioning;

/// <summary>
/// The GPT-2 trunk (Hugging Face <c>GPT2Model</c>, the <c>transformer</c> of <c>GPT2LMHeadModel</c>): token
/// embedding <c>wte</c>, learned positions <c>wpe</c>, embedding dropout, the blocks <c>h</c> and the final
/// LayerNorm <c>ln_f</c>. Takes input embeddings, so a caller can put a prefix before the token embeddings.
/// </summary>
internal sealed class Gpt2Model : nn.Module<Tensor, Tensor>
{
    private readonly Embedding wte;
    private readonly Embedding wpe;
    private readonly GeneratorDropout drop;
    private readonly ModuleList<Gpt2Block> h;
    private readonly LayerNorm ln_f;

    public Gpt2Model(Gpt2Config config, Generator generator)
        : base(nameof(Gpt2Model))
    {
        wte = nn.Embedding(config.VocabSize, config.Width);
        wpe = nn.Embedding(config.Positions, config.Width);
        drop = new GeneratorDropout(config.Dropout, generator);
        h = new ModuleList<Gpt2Block>(Enumerable.Range(0, config.Layers).Select(_ => new Gpt2Block(config, generator)).ToArray());
        ln_f = nn.LayerNorm(config.Width, config.LayerNormEps);
        RegisterComponents();
    }

    /// <summary>Gets the token embedding matrix [V, W] (also the tied output head).</summary>
    public Parameter TokenEmbedding => wte.weight!;

    /// <summary>Looks up token embeddings: ids [B, L] int64 → [B, L, W].</summary>
    public Tensor Embed(Tensor ids) => wte.call(ids);

    /// <param name="input">Input embeddings [B, L, W], L ≤ positions.</param>
    /// <returns>The final hidden states after <c>ln_f</c>, [B, L, W].</returns>
    public override Tensor forward(Tensor input) => Forward(input, null);

    /// <summary>Runs new positions after the cached ones (positions continue from the cache's length).</summary>
    public Tensor Forward(Tensor input, Gpt2KeyValueCache? cache)
    {
        var past = cache?.Length ?? 0;
        using var positions = arange(past, past + input.shape[1], dtype: ScalarType.Int64, device: input.device);
        var x = drop.call(input.add(wpe.call(positions)));
        for (var i = 0; i < h.Count; i++)
        {
            x = h[i].Forward(x, cache, i);
        }

        return ln_f.call(x);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            wte.Dispose();
            wpe.Dispose();
            drop.Dispose();
            h.Dispose();
            ln_f.Dispose();
        }

        base.Dispose(disposing);
    }
}
