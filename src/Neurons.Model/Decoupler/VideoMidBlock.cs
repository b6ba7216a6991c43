using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Neurons.Model.Decoupler;

/// <summary>
/// NEURONS <c>UNetMidBlock2D</c> (video_decoder.py L257–408) with one layer: <c>resnets.0</c> → spatial attention
/// (<c>attentions.0</c>) mixed with temporal attention (<c>temp_attentions.0</c>) by <c>weights.0</c> (init 1) →
/// <c>resnets.1</c>. Channels unchanged.
/// </summary>
internal sealed class VideoMidBlock : nn.Module<Tensor, long, Tensor>
{
    private readonly ModuleList<SelfAttention> attentions;
    private readonly ModuleList<SelfAttention> temp_attentions;
    private readonly ModuleList<ResnetBlock2D> resnets;
    private readonly ParameterList weights;

    public VideoMidBlock(int channels, int groups)
        : base(nameof(VideoMidBlock))
    {
        attentions = new ModuleList<SelfAttention>(new SelfAttention(channels, groups));
        temp_attentions = new ModuleList<SelfAttention>(new SelfAttention(channels, groups));
        resnets = new ModuleList<ResnetBlock2D>(new ResnetBlock2D(channels, channels, groups), new ResnetBlock2D(channels, channels, groups));
        weights = new ParameterList(nn.Parameter(ones(1)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input, long time)
    {
        using var scope = NewDisposeScope();
        var h = resnets[0].call(input);
        h = SpatioTemporalMix.Apply(h, attentions[0], temp_attentions[0], weights[0], time);
        return resnets[1].call(h).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            attentions.Dispose();
            temp_attentions.Dispose();
            resnets.Dispose();
            weights.Dispose();
        }

        base.Dispose(disposing);
    }
}
