using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Neurons.Model.Prior;

/// <summary>
/// dalle2-pytorch's <c>MLP(dim_in, dim_out)</c> with expansion 2 and depth 2, no norm: <c>net</c> =
/// [Linear(in, 2·out) → SiLU → Identity], [Linear(2·out, 2·out) → SiLU → Identity], Linear(2·out, out), all with
/// bias; the input is cast to float32 first. Keys <c>net.0.0.weight</c>, <c>net.1.0.weight</c>, <c>net.2.weight</c>.
/// </summary>
internal sealed class PriorMlp : nn.Module<Tensor, Tensor>
{
    private readonly Sequential net;

    public PriorMlp(long dimIn, long dimOut, Generator generator)
        : base(nameof(PriorMlp))
    {
        var hidden = 2 * dimOut;
        net = nn.Sequential(
            nn.Sequential(PriorInit.Linear(dimIn, hidden, true, generator), nn.SiLU(), nn.Identity()),
            nn.Sequential(PriorInit.Linear(hidden, hidden, true, generator), nn.SiLU(), nn.Identity()),
            PriorInit.Linear(hidden, dimOut, true, generator));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        if (input.dtype == ScalarType.Float32)
        {
            return net.call(input);
        }

        using var x = input.to(ScalarType.Float32);
        return net.call(x);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            net.Dispose();
        }

        base.Dispose(disposing);
    }
}
