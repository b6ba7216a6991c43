using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Neurons.Model.Brain;

/// <summary>
/// Per-subject ridge: one <c>Linear(V_s → hidden)</c> per subject (MindEye2 / NEURONS <c>RidgeRegression</c>,
/// BrainModel_neurons.py L212–223). Input [B, V_s] of subject s, output [B, 1, hidden].
/// </summary>
internal sealed class RidgeRegression : nn.Module<Tensor, int, Tensor>
{
    private readonly ModuleList<Linear> linears;

    public RidgeRegression(IReadOnlyList<int> voxels, int hidden)
        : base(nameof(RidgeRegression))
    {
        linears = new ModuleList<Linear>(voxels.Select(v => nn.Linear(v, hidden)).ToArray());
        RegisterComponents();
    }

    public override Tensor forward(Tensor voxels, int subject)
    {
        using var y = linears[subject].call(voxels);
        return y.unsqueeze(1);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            linears.Dispose();
        }

        base.Dispose(disposing);
    }
}
