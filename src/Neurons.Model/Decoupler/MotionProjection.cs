using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Neurons.Model.Decoupler;

/// <summary>
/// NEURONS <c>MotionProj</c> (BrainModel_neurons.py L116–143; docs/model.md): one <c>Linear(D → frames·D)</c> with bias
/// applied per token, whose output feature c·frames + f (channel outer, frame inner) becomes channel c of frame f.
/// Input [B, N, D], output [B, frames, N, D]. State-dict key <c>motion_proj.weight</c> (so <c>motion_proj.motion_proj.weight</c>
/// inside the composed model, as the reference).
/// </summary>
public sealed class MotionProjection : nn.Module<Tensor, Tensor>
{
    private readonly Linear motion_proj;
    private readonly int frames;
    private readonly int width;

    /// <summary>Initializes a new instance of the <see cref="MotionProjection"/> class on the CPU.</summary>
    /// <param name="config">The sizes (<see cref="DecouplerConfig.Width"/>, <see cref="DecouplerConfig.Frames"/>).</param>
    public MotionProjection(DecouplerConfig config)
        : base(nameof(MotionProjection))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        frames = config.Frames;
        width = config.Width;
        motion_proj = nn.Linear(width, (long)width * frames, hasBias: true);
        RegisterComponents();
    }

    /// <param name="input">The prior's tokens [B, N, D].</param>
    /// <returns>The per-frame tokens [B, frames, N, D] (contiguous).</returns>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 3 || input.shape[2] != width)
        {
            throw new ArgumentException($"motion_proj input has shape [{string.Join(", ", input.shape)}], expected [B, N, {width}]", nameof(input));
        }

        using var scope = NewDisposeScope();
        var y = motion_proj.call(input);
        var split = y.view(input.shape[0], input.shape[1], width, frames);
        return split.permute(0, 3, 1, 2).contiguous().MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            motion_proj.Dispose();
        }

        base.Dispose(disposing);
    }
}
