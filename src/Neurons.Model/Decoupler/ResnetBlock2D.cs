using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Neurons.Model.Decoupler;

/// <summary>
/// diffusers <c>ResnetBlock2D</c> as the NEURONS video decoder configures it (no time embedding, dropout 0, output
/// scale 1; docs/model.md): GroupNorm → SiLU → Conv3×3 → GroupNorm → SiLU → Conv3×3, plus the input (through a 1×1
/// <c>conv_shortcut</c> with bias when the channel count changes). GroupNorm eps 1e-6.
/// </summary>
internal sealed class ResnetBlock2D : nn.Module<Tensor, Tensor>
{
    private const double Eps = 1e-6;

    private readonly GroupNorm norm1;
    private readonly Conv2d conv1;
    private readonly GroupNorm norm2;
    private readonly Conv2d conv2;
    private readonly Conv2d? conv_shortcut;

    public ResnetBlock2D(int inChannels, int outChannels, int groups)
        : base(nameof(ResnetBlock2D))
    {
        norm1 = GroupNorms.Create(groups, inChannels, Eps);
        conv1 = nn.Conv2d(inChannels, outChannels, 3, padding: 1);
        norm2 = GroupNorms.Create(groups, outChannels, Eps);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1);
        conv_shortcut = inChannels == outChannels ? null : nn.Conv2d(inChannels, outChannels, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var h = conv1.call(nn.functional.silu(norm1.call(input)));
        h = conv2.call(nn.functional.silu(norm2.call(h)));
        var shortcut = conv_shortcut is null ? input : conv_shortcut.call(input);
        return shortcut.add(h).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            norm1.Dispose();
            conv1.Dispose();
            norm2.Dispose();
            conv2.Dispose();
            conv_shortcut?.Dispose();
        }

        base.Dispose(disposing);
    }
}
