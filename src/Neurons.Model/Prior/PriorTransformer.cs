using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Neurons.Model.Prior;

/// <summary>
/// NEURONS' <c>FlaggedCausalTransformer</c> (BrainModel_neurons.py L633–685) with <c>causal=False</c>: a shared
/// T5 relative-position bias <c>rel_pos_bias</c> (queries n, keys n + 1 counting the null key), <c>layers</c> of
/// [attention, feed-forward] with residuals (x = attn(x) + x; x = ff(x) + x), the stable LayerNorm <c>norm</c> and
/// <c>project_out</c> = Linear(dim, dim, no bias). No input norm (<c>norm_in=False</c>).
/// </summary>
internal sealed class PriorTransformer : nn.Module<Tensor, Tensor>
{
    private readonly RelPosBias rel_pos_bias;
    private readonly ModuleList<ModuleList<nn.Module>> layers;
    private readonly PriorLayerNorm norm;
    private readonly Linear project_out;
    private readonly PriorAttention[] attentions;
    private readonly Sequential[] feedForwards;

    public PriorTransformer(PriorConfig config, Generator generator)
        : base(nameof(PriorTransformer))
    {
        rel_pos_bias = new RelPosBias(config.Heads, generator);
        attentions = new PriorAttention[config.Depth];
        feedForwards = new Sequential[config.Depth];
        layers = new ModuleList<ModuleList<nn.Module>>();
        for (var i = 0; i < config.Depth; i++)
        {
            attentions[i] = new PriorAttention(config.Dim, config.Heads, config.DimHead, config.RotaryDim, generator);
            feedForwards[i] = PriorFeedForward.Create(config.Dim, generator);
            layers.append(new ModuleList<nn.Module>(attentions[i], feedForwards[i]));
        }

        norm = new PriorLayerNorm(config.Dim, stable: true);
        project_out = PriorInit.Linear(config.Dim, config.Dim, false, generator);
        RegisterComponents();
    }

    /// <param name="input">Tokens [B, n, dim].</param>
    public override Tensor forward(Tensor input)
    {
        var n = input.shape[1];
        using var scope = NewDisposeScope();
        var bias = rel_pos_bias.call(n, n + 1);
        var x = input;
        for (var i = 0; i < attentions.Length; i++)
        {
            x = attentions[i].call(x, bias).add(x);
            x = feedForwards[i].call(x).add(x);
        }

        return project_out.call(norm.call(x)).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            rel_pos_bias.Dispose();
            layers.Dispose();
            norm.Dispose();
            project_out.Dispose();
        }

        base.Dispose(disposing);
    }
}
