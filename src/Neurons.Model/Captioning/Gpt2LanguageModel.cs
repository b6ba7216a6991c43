using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Captioning;

/// <summary>
/// GPT-2 with its language-model head (Hugging Face <c>transformers</c> <c>GPT2LMHeadModel</c>): the trunk
/// <c>transformer</c> (<c>wte</c>, <c>wpe</c>, <c>h.{i}.ln_1</c>, <c>h.{i}.attn.c_attn</c>, <c>h.{i}.attn.c_proj</c>,
/// <c>h.{i}.ln_2</c>, <c>h.{i}.mlp.c_fc</c>, <c>h.{i}.mlp.c_proj</c>, <c>ln_f</c>) and an output head tied to
/// <c>wte</c> (so no <c>lm_head.weight</c> key). State-dict keys follow Hugging Face
/// (<c>transformer.h.0.attn.c_attn.weight</c>); the projections are <c>Linear</c> ([out, in]), the transpose of
/// Hugging Face's <c>Conv1D</c>. Weights start as GPT-2's initialisation drawn from the given generator; load the
/// released <c>gpt2</c> weights with <see cref="Gpt2Weights.LoadHuggingFace"/>.
/// </summary>
public sealed class Gpt2LanguageModel : nn.Module
{
    private readonly Gpt2Model transformer;

    /// <summary>Initializes a new instance of the <see cref="Gpt2LanguageModel"/> class on the CPU.</summary>
    /// <param name="config">The sizes.</param>
    /// <param name="generator">The random stream of the initial weights and of dropout in training mode.</param>
    public Gpt2LanguageModel(Gpt2Config config, Generator generator)
        : base(nameof(Gpt2LanguageModel))
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(generator);
        config.Validate();
        Config = config;
        transformer = new Gpt2Model(config, generator);
        RegisterComponents();
        Initialize(generator);
    }

    /// <summary>Gets the configuration the model was built from.</summary>
    public Gpt2Config Config { get; }

    /// <summary>Looks up the token embeddings of <paramref name="ids"/> ([B, L] int64, each in [0, vocab)) → [B, L, W].</summary>
    public Tensor Embed(Tensor ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return transformer.Embed(ids);
    }

    /// <summary>Runs the model on input embeddings [B, L, W] (L ≤ positions) and returns the logits [B, L, V].</summary>
    public Tensor Forward(Tensor inputsEmbeds)
    {
        ArgumentNullException.ThrowIfNull(inputsEmbeds);
        if (inputsEmbeds.dim() != 3 || inputsEmbeds.shape[2] != Config.Width || inputsEmbeds.shape[1] < 1 || inputsEmbeds.shape[1] > Config.Positions)
        {
            throw new ArgumentException(
                $"GPT-2 input embeddings have shape [{string.Join(", ", inputsEmbeds.shape)}], the model expects [B, 1..{Config.Positions}, {Config.Width}]",
                nameof(inputsEmbeds));
        }

        using var scope = NewDisposeScope();
        var hidden = transformer.call(inputsEmbeds);
        return hidden.matmul(transformer.TokenEmbedding.t()).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Incremental decoding: runs the new input embeddings [B, n, W] after the positions in <paramref name="cache"/>
    /// (appending theirs) and returns the logits of the last position only, [B, V]. Eval mode only.
    /// </summary>
    internal Tensor NextLogits(Tensor inputsEmbeds, Gpt2KeyValueCache cache)
    {
        if (training)
        {
            throw new InvalidOperationException("cached decoding runs in eval mode only");
        }

        if (cache.Length + inputsEmbeds.shape[1] > Config.Positions)
        {
            throw new ArgumentException($"GPT-2 decoding past {Config.Positions} positions", nameof(inputsEmbeds));
        }

        using var scope = NewDisposeScope();
        var hidden = transformer.Forward(inputsEmbeds, cache);
        return hidden.select(1, -1).matmul(transformer.TokenEmbedding.t()).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            transformer.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// GPT-2's initialisation (<c>GPT2PreTrainedModel._init_weights</c>): weights and embeddings N(0, 0.02), the
    /// residual projections <c>c_proj.weight</c> N(0, 0.02/√(2·layers)), biases 0, LayerNorm scales 1. Draws in
    /// state-dict order from <paramref name="generator"/>.
    /// </summary>
    private void Initialize(Generator generator)
    {
        using var noGrad = no_grad();
        var residualStd = 0.02 / Math.Sqrt(2.0 * Config.Layers);
        foreach (var (name, p) in named_parameters())
        {
            var leaf = name[(name.LastIndexOf('.') + 1)..];
            var owner = name[..name.LastIndexOf('.')];
            var isNorm = owner.EndsWith("ln_1", StringComparison.Ordinal) || owner.EndsWith("ln_2", StringComparison.Ordinal) || owner.EndsWith("ln_f", StringComparison.Ordinal);
            if (isNorm)
            {
                _ = leaf == "weight" ? p.fill_(1) : p.zero_();
            }
            else if (leaf == "bias")
            {
                p.zero_();
            }
            else
            {
                p.normal_(0, owner.EndsWith("c_proj", StringComparison.Ordinal) ? residualStd : 0.02, generator);
            }
        }
    }
}
