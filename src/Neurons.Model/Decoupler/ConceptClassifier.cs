using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Neurons.Model.Decoupler;

/// <summary>
/// NEURONS <c>MultiLabelClassifier</c> (BrainModel_neurons.py L13–24; docs/model.md): <c>vision_proj_channel</c>
/// Linear(D → T) then <c>classifier</c> Linear(T → concepts), no nonlinearity between. Input: the motion tokens
/// averaged over frames and tokens, [B, D]; output: concept logits [B, concepts] (trained with BCE-with-logits).
/// </summary>
public sealed class ConceptClassifier : nn.Module<Tensor, Tensor>
{
    private readonly Linear vision_proj_channel;
    private readonly Linear classifier;
    private readonly int width;

    /// <summary>Initializes a new instance of the <see cref="ConceptClassifier"/> class on the CPU.</summary>
    /// <param name="config">The sizes (<see cref="DecouplerConfig.Width"/>, <see cref="DecouplerConfig.TextWidth"/>, <see cref="DecouplerConfig.Concepts"/>).</param>
    public ConceptClassifier(DecouplerConfig config)
        : base(nameof(ConceptClassifier))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        width = config.Width;
        vision_proj_channel = nn.Linear(config.Width, config.TextWidth);
        classifier = nn.Linear(config.TextWidth, config.Concepts);
        RegisterComponents();
    }

    /// <param name="input">Pooled motion tokens [B, D].</param>
    /// <returns>Concept logits [B, concepts].</returns>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 2 || input.shape[1] != width)
        {
            throw new ArgumentException($"classifier input has shape [{string.Join(", ", input.shape)}], expected [B, {width}] (motion tokens averaged over frames and tokens)", nameof(input));
        }

        using var hidden = vision_proj_channel.call(input);
        return classifier.call(hidden);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            vision_proj_channel.Dispose();
            classifier.Dispose();
        }

        base.Dispose(disposing);
    }
}
