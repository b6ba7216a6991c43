using Neurons.Model.Decoupled;
using Neurons.Model.Inference;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Neurons.Model.Attribution;

/// <summary>
/// Gradient × input attribution of NEURONS's four decoupled outputs to one sample's voxels (docs/report.md, "Task
/// maps"). The sample goes through exactly the path <see cref="DecoupledDecoder"/> decodes it on — ridge → backbone
/// → diffusion prior (every DDPM step, start and step noise drawn from the clip's seed and held fixed) → motion
/// projection → classifier, text-driven decoder, captioner — with the graph recorded, and for each task one
/// scalar s is differentiated with respect to the voxels x; the contribution of voxel v is x_v · ∂s/∂x_v:
/// <list type="bullet">
/// <item><see cref="AttributionTask.Concepts"/>: the logit of the top-1 concept (the highest sigmoid score, as decode picks it).</item>
/// <item><see cref="AttributionTask.Masks"/>: the mean over frames and pixels of sigmoid(segmentation logit), the segmentation branch conditioned on that concept's pooled CLIP text (the expected key-object area).</item>
/// <item><see cref="AttributionTask.Caption"/>: the log-likelihood Σ_t log p(id_t | prefix, id_&lt;t) of the greedy caption under teacher forcing, its stop id included when decoding stopped.</item>
/// <item><see cref="AttributionTask.BlurryVideo"/>: half the mean square of the blurry latents (reconstruction ⊙ m′; m′ is a threshold and passes no gradient).</item>
/// </list>
/// The model is switched to evaluation mode (no dropout); its weights get no gradient. Each call is synchronous
/// and keeps every tensor in its own dispose scope.
/// </summary>
public sealed class TaskAttribution
{
    private readonly NeuronsDecoupledModel model;
    private readonly Tensor conceptText;
    private readonly DecodeSettings settings;
    private readonly Device device;

    /// <summary>Initializes a new instance of the <see cref="TaskAttribution"/> class; the model is switched to evaluation mode.</summary>
    /// <param name="model">The trained stage-2 model, on <paramref name="device"/>.</param>
    /// <param name="conceptText">The pooled CLIP text of each concept, [concepts, T] (the <c>target_concepts</c> table), on <paramref name="device"/>.</param>
    /// <param name="settings">The decode settings (latent side, caption length and stop id), as the <c>decode</c> stage uses them.</param>
    /// <param name="device">The device of the model and the inputs.</param>
    public TaskAttribution(NeuronsDecoupledModel model, Tensor conceptText, DecodeSettings settings, Device device)
    {
        this.model = model ?? throw new ArgumentNullException(nameof(model));
        this.conceptText = conceptText ?? throw new ArgumentNullException(nameof(conceptText));
        this.settings = settings ?? throw new ArgumentNullException(nameof(settings));
        this.device = device ?? throw new ArgumentNullException(nameof(device));
        settings.Validate();
        var config = model.Config;
        if (conceptText.dim() != 2 || conceptText.shape[0] != config.Decoupler.Concepts || conceptText.shape[1] != config.Decoupler.TextWidth)
        {
            throw new ArgumentException($"concept text has shape [{string.Join(", ", conceptText.shape)}], the model needs [{config.Decoupler.Concepts}, {config.Decoupler.TextWidth}] (one pooled CLIP text per concept)", nameof(conceptText));
        }

        model.eval();
    }

    /// <summary>Gets the tasks in the order of <see cref="TaskContributions.Values"/>.</summary>
    public static IReadOnlyList<AttributionTask> Tasks { get; } = [AttributionTask.Concepts, AttributionTask.Masks, AttributionTask.Caption, AttributionTask.BlurryVideo];

    /// <summary>Attributes one sample's four outputs to its voxels.</summary>
    /// <param name="voxels">The subject's V voxels of the sample (a clip's repeats averaged, as decode feeds them).</param>
    /// <param name="subjectIndex">The ridge index of the subject in the model (0 for a one-subject model).</param>
    /// <param name="seed">The sample's seed (<see cref="ClipSeed"/>): the prior's noise, as decode draws it.</param>
    /// <returns>Per task, V signed contributions x_v · ∂s/∂x_v, and the scalars.</returns>
    public TaskContributions Attribute(float[] voxels, int subjectIndex, long seed)
    {
        ArgumentNullException.ThrowIfNull(voxels);
        var expected = model.Config.Brain.Voxels[Math.Clamp(subjectIndex, 0, model.Config.Brain.Voxels.Count - 1)];
        if (voxels.Length != expected)
        {
            throw new ArgumentException($"the sample has {voxels.Length} voxels, subject index {subjectIndex} of the model expects {expected}", nameof(voxels));
        }

        using var scope = NewDisposeScope();
        using var grad = enable_grad();
        var input = tensor(voxels, [1, voxels.Length]).to(device).detach().requires_grad_(true);
        var brain = model.EncodeBrainWithGradient(input, subjectIndex);
        Tensor prior;
        using (var generator = new Generator(unchecked((ulong)seed), device))
        {
            prior = model.Prior.SampleWithGradient(model.PriorCondition(brain), generator);
        }

        var motion = model.MotionProjection.call(prior);
        var frames = motion.shape[1];
        var text = model.ProjectText(motion.mean([1]));
        var logits = model.Classifier.call(motion.mean([1, 2]));
        var top = ArgMax(logits.detach().sigmoid().cpu().data<float>().ToArray());
        var conceptScalar = logits[0, top];

        var vision = motion.reshape(frames, motion.shape[2], motion.shape[3]);
        var segText = conceptText.index_select(0, tensor(new[] { (long)top }, device: device));
        var segmentation = model.Decoder.Forward(vision, segText).Segmentation;
        var reconstruction = model.Decoder.Forward(vision, text).Reconstruction;
        var maskScalar = segmentation.sigmoid().mean();
        var (_, _, latents) = LatentMasking.Compose(segmentation, reconstruction, settings.LatentSide);
        var blurryScalar = latents.square().mean().mul(0.5);

        var prefix = F.normalize(text, p: 2, dim: -1);
        var greedy = model.Captioner.Greedy(prefix.detach(), settings.MaxCaptionTokens, settings.StopId)[0];
        var ids = greedy.Length < settings.MaxCaptionTokens ? [.. greedy, settings.StopId] : greedy;
        var targets = tensor(ids, [1, ids.Length]).to(device);
        var captionLogits = model.Captioner.Logits(prefix, targets);
        var captionScalar = captionLogits.log_softmax(-1).gather(-1, targets.unsqueeze(-1)).sum();

        Tensor[] scalars = [conceptScalar, maskScalar, captionScalar, blurryScalar];
        var values = new List<float[]>(scalars.Length);
        for (var i = 0; i < scalars.Length; i++)
        {
            var gradient = torch.autograd.grad([scalars[i]], [input], retain_graph: i < scalars.Length - 1, allow_unused: true)[0];
            values.Add(gradient is null || gradient.IsInvalid ? new float[voxels.Length] : gradient.mul(input.detach()).cpu().data<float>().ToArray());
        }

        return new TaskContributions(values, [.. scalars.Select(s => s.detach().cpu().item<float>() is var v ? (double)v : 0)], top, greedy);
    }

    private static int ArgMax(float[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
