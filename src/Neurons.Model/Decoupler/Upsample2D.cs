using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Neurons.Model.Decoupler;

/// <summary>diffusers <c>Upsample2D</c> with <c>use_conv=True</c>: nearest-neighbour ×2, then <c>conv</c> 3×3 (padding 1) with the same channels.</summary>
internal sealed class Upsample2D : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;

    public Upsample2D(int channels)
        : base(nameof(Upsample2D))
    {
        conv = nn.Conv2d(channels, channels, 3, padding: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var up = nn.functional.interpolate(input, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest);
        return conv.call(up);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv.Dispose();
        }

        base.Dispose(disposing);
    }
}
