using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Neurons.Model.Brain;

/// <summary>
/// The MindEye2 backbone NEURONS reuses (<c>BrainNetwork</c>, BrainModel_neurons.py L227–305): <c>mixer_blocks1</c>
/// (LayerNorm → Linear → GELU → Dropout → Linear over the hidden axis), <c>mixer_blocks2</c> (the same over the
/// sequence axis of length 1), <c>backbone_linear</c> (hidden → tokens·width) and <c>clip_proj</c>
/// (3 × LayerNorm → GELU → Linear per token). Field names are the PyTorch attribute names, so state-dict keys match.
/// Returns (backbone tokens, projected tokens), both [B, tokens, width].
/// </summary>
internal sealed class BrainNetwork : nn.Module<Tensor, (Tensor Backbone, Tensor Clip)>
{
    private readonly ModuleList<Sequential> mixer_blocks1;
    private readonly ModuleList<Sequential> mixer_blocks2;
    private readonly Linear backbone_linear;
    private readonly Sequential clip_proj;
    private readonly int tokens;
    private readonly int width;
    private readonly MixerMode mode;

    public BrainNetwork(BrainModelConfig config, RandomSource random)
        : base(nameof(BrainNetwork))
    {
        const int seqLen = 1;
        tokens = config.Tokens;
        width = config.Width;
        mode = config.Mixer;
        mixer_blocks1 = new ModuleList<Sequential>(
            Enumerable.Range(0, config.Blocks).Select(_ => MixerBlock(config.Hidden, config.Dropout, random)).ToArray());
        mixer_blocks2 = new ModuleList<Sequential>(
            Enumerable.Range(0, config.Blocks).Select(_ => MixerBlock(seqLen, config.Dropout, random)).ToArray());
        backbone_linear = nn.Linear(config.Hidden * seqLen, (long)config.Tokens * config.Width);
        clip_proj = nn.Sequential(
            nn.LayerNorm(width), nn.GELU(), nn.Linear(width, width),
            nn.LayerNorm(width), nn.GELU(), nn.Linear(width, width),
            nn.LayerNorm(width), nn.GELU(), nn.Linear(width, width));
        RegisterComponents();
    }

    /// <param name="input">The ridge output [B, 1, hidden].</param>
    public override (Tensor Backbone, Tensor Clip) forward(Tensor input)
    {
        var batch = input.shape[0];
        Tensor x;
        if (mode == MixerMode.Reference)
        {
            // Literally MindEye2: each chain's residual is the other stream's last value.
            var residual1 = input;
            var residual2 = input.permute(0, 2, 1);
            x = input;
            for (var i = 0; i < mixer_blocks1.Count; i++)
            {
                using (var b1 = mixer_blocks1[i].call(x))
                {
                    x = b1.add(residual1);
                }

                residual1 = x;
                var xt = x.permute(0, 2, 1);
                using (var b2 = mixer_blocks2[i].call(xt))
                {
                    x = b2.add(residual2);
                }

                residual2 = x;
                x = x.permute(0, 2, 1);
            }
        }
        else
        {
            x = input;
            for (var i = 0; i < mixer_blocks1.Count; i++)
            {
                using (var b1 = mixer_blocks1[i].call(x))
                {
                    x = x.add(b1);
                }

                using var xt = x.permute(0, 2, 1);
                using var b2 = mixer_blocks2[i].call(xt);
                using var b2t = b2.permute(0, 2, 1);
                x = x.add(b2t);
            }
        }

        using var flat = x.reshape(batch, -1);
        using var head = backbone_linear.call(flat);
        var backbone = head.reshape(batch, tokens, width);
        var clip = clip_proj.call(backbone);
        return (backbone, clip);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            mixer_blocks1.Dispose();
            mixer_blocks2.Dispose();
            backbone_linear.Dispose();
            clip_proj.Dispose();
        }

        base.Dispose(disposing);
    }

    private static Sequential MixerBlock(int size, double dropout, RandomSource random) =>
        nn.Sequential(
            nn.LayerNorm(size),
            nn.Sequential(
                nn.Linear(size, size),
                nn.GELU(),
                new GeneratorDropout(dropout, random),
                nn.Linear(size, size)));
}
