using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Brain;

/// <summary>
/// The NEURONS stage-1 brain model (xmed-lab/NEURONS <c>model_variants/BrainModel_neurons.py</c>; docs/model.md):
/// <c>ridge</c> (per subject, V → hidden) → <c>backbone</c> (residual MLP mixer, token head, per-token projector)
/// → <c>clipproj</c> (frozen mean-token → text projection). State-dict keys follow the PyTorch attribute names
/// (<c>ridge.linears.0.weight</c>, <c>backbone.mixer_blocks1.0.1.0.weight</c>, <c>clipproj.proj</c>, …).
/// </summary>
public sealed class NeuronsBrainModel : nn.Module<Tensor, int, BrainOutput>
{
    private readonly RidgeRegression ridge;
    private readonly BrainNetwork backbone;
    private readonly ClipProjection clipproj;

    /// <summary>Initializes a new instance of the <see cref="NeuronsBrainModel"/> class on the CPU.</summary>
    /// <param name="config">The sizes.</param>
    /// <param name="random">The random stream dropout draws from.</param>
    public NeuronsBrainModel(BrainModelConfig config, RandomSource random)
        : base(nameof(NeuronsBrainModel))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        ridge = new RidgeRegression(config.Voxels, config.Hidden);
        backbone = new BrainNetwork(config, random);
        clipproj = new ClipProjection(config.Width, config.TextWidth);
        RegisterComponents();
    }

    /// <summary>Gets the configuration the model was built from.</summary>
    public BrainModelConfig Config { get; }

    /// <summary>Loads the frozen text projection ([width, text width]).</summary>
    public void LoadTextProjection(Tensor matrix) => clipproj.Load(matrix);

    /// <summary>Runs the model on one subject's voxels [B, V_subject].</summary>
    public override BrainOutput forward(Tensor voxels, int subject)
    {
        ArgumentNullException.ThrowIfNull(voxels);
        if (subject < 0 || subject >= Config.Voxels.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(subject), subject, $"the model has {Config.Voxels.Count} subject ridge(s)");
        }

        if (voxels.dim() != 2 || voxels.shape[1] != Config.Voxels[subject])
        {
            throw new ArgumentException(
                $"voxels have shape [{string.Join(", ", voxels.shape)}], subject {subject} expects [B, {Config.Voxels[subject]}]",
                nameof(voxels));
        }

        using var scope = NewDisposeScope();
        var r = ridge.call(voxels, subject);
        var (bb, clip) = backbone.call(r);
        var text = clipproj.call(clip);
        return new BrainOutput(bb.MoveToOuterDisposeScope(), clip.MoveToOuterDisposeScope(), text.MoveToOuterDisposeScope());
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ridge.Dispose();
            backbone.Dispose();
            clipproj.Dispose();
        }

        base.Dispose(disposing);
    }
}
