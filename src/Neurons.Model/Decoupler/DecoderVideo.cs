using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Neurons.Model.Decoupler;

/// <summary>
/// NEURONS <c>DecoderVideo</c> (video_decoder.py L412–563) with three <c>AttnUpDecoderBlock2D</c> (in <c>paper</c>):
/// <c>conv_in</c> 3×3 (projector width → c₀), <c>mid_block</c> at c₀, <c>up_blocks.i</c> (c_{i−1} → c_i, the side
/// doubled by all but the last), <c>conv_norm_out</c> GroupNorm (eps 1e-6) → SiLU; no conv_out.
/// Input [frames, P, g, g], output [frames, c_last, S, S].
/// </summary>
internal sealed class DecoderVideo : nn.Module<Tensor, long, Tensor>
{
    private readonly Conv2d conv_in;
    private readonly VideoMidBlock mid_block;
    private readonly ModuleList<AttnUpDecoderBlock2D> up_blocks;
    private readonly GroupNorm conv_norm_out;
    private readonly SiLU conv_act;

    public DecoderVideo(int inChannels, IReadOnlyList<int> channels, int layersPerBlock, int groups)
        : base(nameof(DecoderVideo))
    {
        conv_in = nn.Conv2d(inChannels, channels[0], 3, padding: 1);
        mid_block = new VideoMidBlock(channels[0], groups);
        up_blocks = new ModuleList<AttnUpDecoderBlock2D>(
            Enumerable.Range(0, channels.Count)
                .Select(i => new AttnUpDecoderBlock2D(i == 0 ? channels[0] : channels[i - 1], channels[i], layersPerBlock, groups, upsample: i < channels.Count - 1))
                .ToArray());
        conv_norm_out = GroupNorms.Create(groups, channels[^1], 1e-6);
        conv_act = nn.SiLU();
        RegisterComponents();
    }

    /// <param name="input">Frames [G·time, P, g, g].</param>
    /// <param name="time">Frames per temporal-attention sequence.</param>
    public override Tensor forward(Tensor input, long time)
    {
        using var scope = NewDisposeScope();
        var h = conv_in.call(input);
        h = mid_block.call(h, time);
        foreach (var block in up_blocks)
        {
            h = block.call(h, time);
        }

        return conv_act.call(conv_norm_out.call(h)).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv_in.Dispose();
            mid_block.Dispose();
            up_blocks.Dispose();
            conv_norm_out.Dispose();
            conv_act.Dispose();
        }

        base.Dispose(disposing);
    }
}
