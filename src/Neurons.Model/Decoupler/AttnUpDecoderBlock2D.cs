using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Neurons.Model.Decoupler;

/// <summary>
/// NEURONS <c>AttnUpDecoderBlock2D</c> (video_decoder.py L142–255): per layer, <c>resnets.i</c> then spatial attention
/// (<c>attentions.i</c>) mixed with temporal attention (<c>temp_attentions.i</c>) by <c>weights.i</c> (init 1);
/// then, unless it is the last block, <c>upsamplers.0</c> (nearest ×2 + Conv3×3).
/// </summary>
internal sealed class AttnUpDecoderBlock2D : nn.Module<Tensor, long, Tensor>
{
    private readonly ModuleList<SelfAttention> attentions;
    private readonly ModuleList<SelfAttention> temp_attentions;
    private readonly ModuleList<ResnetBlock2D> resnets;
    private readonly ParameterList weights;
    private readonly ModuleList<Upsample2D>? upsamplers;

    public AttnUpDecoderBlock2D(int inChannels, int outChannels, int layers, int groups, bool upsample)
        : base(nameof(AttnUpDecoderBlock2D))
    {
        attentions = new ModuleList<SelfAttention>(
            Enumerable.Range(0, layers).Select(_ => new SelfAttention(outChannels, groups)).ToArray());
        temp_attentions = new ModuleList<SelfAttention>(
            Enumerable.Range(0, layers).Select(_ => new SelfAttention(outChannels, groups)).ToArray());
        resnets = new ModuleList<ResnetBlock2D>(
            Enumerable.Range(0, layers).Select(i => new ResnetBlock2D(i == 0 ? inChannels : outChannels, outChannels, groups)).ToArray());
        weights = new ParameterList(Enumerable.Range(0, layers).Select(_ => nn.Parameter(ones(1))).ToArray());
        upsamplers = upsample ? new ModuleList<Upsample2D>(new Upsample2D(outChannels)) : null;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input, long time)
    {
        using var scope = NewDisposeScope();
        var h = input;
        for (var i = 0; i < resnets.Count; i++)
        {
            h = resnets[i].call(h);
            h = SpatioTemporalMix.Apply(h, attentions[i], temp_attentions[i], weights[i], time);
        }

        if (upsamplers is not null)
        {
            h = upsamplers[0].call(h);
        }

        return h.MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            attentions.Dispose();
            temp_attentions.Dispose();
            resnets.Dispose();
            weights.Dispose();
            upsamplers?.Dispose();
        }

        base.Dispose(disposing);
    }
}
