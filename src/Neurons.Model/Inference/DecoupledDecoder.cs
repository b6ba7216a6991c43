using Neurons.Model.Decoupled;
using Neurons.Model.Decoupler;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Neurons.Model.Inference;

/// <summary>
/// NEURONS's decoupled inference (<c>recon_keyframe_neurons_enhance.py</c>; docs/model.md) on a trained
/// <see cref="NeuronsDecoupledModel"/>, per batch of clips: ridge → backbone → the prior condition (<c>prior_condition</c>) → diffusion prior (DDPM,
/// every step, each clip's noise from a generator seeded by that clip alone) → motion projection → concept
/// scores (sigmoid; top-1 by argmax) → segmentation branch with the pooled CLIP text of the top-1 concept,
/// reconstruction branch with CLIPProj of the frame-mean motion tokens → masks, m′ ∈ {0.5, 1} and blurry
/// latents (<see cref="LatentMasking"/>) → greedy caption from the L2-normalised text vector. With the
/// decoder's per-clip attention (the paper) and <see cref="DecodeSettings.PerClip"/>, a clip's outputs are
/// bit-identical in any batch; the <c>Reference</c> attention (the authors' code) attends across the batch, so
/// its outputs depend on the batch-mates.
/// </summary>
public sealed class DecoupledDecoder
{
    private readonly NeuronsDecoupledModel model;
    private readonly Tensor conceptText;
    private readonly DecodeSettings settings;
    private readonly Device device;
    private readonly TimeProvider time;

    /// <summary>Initializes a new instance of the <see cref="DecoupledDecoder"/> class; the model is switched to evaluation mode.</summary>
    /// <param name="model">The trained model, on <paramref name="device"/>.</param>
    /// <param name="conceptText">The pooled CLIP text embedding of each concept name, [concepts, T] (the <c>target_concepts</c> table), on <paramref name="device"/>.</param>
    /// <param name="settings">Latent side, caption length and stop id.</param>
    /// <param name="device">The device of the model and the inputs.</param>
    /// <param name="time">The clock of <see cref="PriorSeconds"/> and <see cref="TotalSeconds"/>.</param>
    public DecoupledDecoder(NeuronsDecoupledModel model, Tensor conceptText, DecodeSettings settings, Device device, TimeProvider? time = null)
    {
        this.model = model ?? throw new ArgumentNullException(nameof(model));
        this.conceptText = conceptText ?? throw new ArgumentNullException(nameof(conceptText));
        this.settings = settings ?? throw new ArgumentNullException(nameof(settings));
        this.device = device ?? throw new ArgumentNullException(nameof(device));
        this.time = time ?? TimeProvider.System;
        settings.Validate();
        var config = model.Config;
        if (conceptText.dim() != 2 || conceptText.shape[0] != config.Decoupler.Concepts || conceptText.shape[1] != config.Decoupler.TextWidth)
        {
            throw new ArgumentException($"concept text has shape [{string.Join(", ", conceptText.shape)}], the model needs [{config.Decoupler.Concepts}, {config.Decoupler.TextWidth}] (one pooled CLIP text per concept)", nameof(conceptText));
        }

        model.eval();
    }

    /// <summary>Gets the seconds spent in the prior's sampling loop so far.</summary>
    public double PriorSeconds { get; private set; }

    /// <summary>Gets the seconds spent in <see cref="Decode"/> so far.</summary>
    public double TotalSeconds { get; private set; }

    /// <summary>Gets the clips decoded so far.</summary>
    public int Clips { get; private set; }

    /// <summary>Decodes one batch of clips.</summary>
    /// <param name="voxels">Per clip, the subject's voxels averaged over repeats (V values each).</param>
    /// <param name="subjectIndex">The ridge index of the subject in the model (0 for a one-subject model).</param>
    /// <param name="seeds">Per clip, its seed (<see cref="ClipSeed"/>).</param>
    public IReadOnlyList<DecodedClip> Decode(IReadOnlyList<float[]> voxels, int subjectIndex, IReadOnlyList<long> seeds)
    {
        ArgumentNullException.ThrowIfNull(voxels);
        ArgumentNullException.ThrowIfNull(seeds);
        if (voxels.Count != seeds.Count || voxels.Count == 0)
        {
            throw new ArgumentException($"{voxels.Count} voxel rows and {seeds.Count} seeds: give one seed per clip, at least one clip", nameof(seeds));
        }

        var config = model.Config;
        var batch = voxels.Count;
        if (settings.PerClip && batch > 1 && config.Decoupler.Attention != DecouplerAttention.Reference)
        {
            return [.. Enumerable.Range(0, batch).SelectMany(b => Decode([voxels[b]], subjectIndex, [seeds[b]]))];
        }

        var started = time.GetTimestamp();
        var width = voxels[0].Length;
        if (voxels.Any(v => v.Length != width))
        {
            throw new ArgumentException("every clip must have the same number of voxels", nameof(voxels));
        }

        var flat = new float[batch * width];
        for (var b = 0; b < batch; b++)
        {
            voxels[b].CopyTo(flat, b * width);
        }

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var input = tensor(flat, [batch, width]).to(device);

        // Reached with several clips only when batched, or per clip with the Reference attention: the prior and its
        // condition still go one clip at a time there, since 100 steps amplify the batch's rounding.
        var condition = settings.PerClip
            ? cat(Enumerable.Range(0, batch).Select(b => PriorCondition(input.narrow(0, b, 1), subjectIndex)).ToArray(), 0)
            : PriorCondition(input, subjectIndex);

        var priorStarted = time.GetTimestamp();
        var generators = seeds.Select(s => new Generator(unchecked((ulong)s), device)).ToList();
        Tensor prior;
        try
        {
            prior = settings.PerClip
                ? cat(Enumerable.Range(0, batch).Select(b => model.Prior.Sample(condition.narrow(0, b, 1), [generators[b]])).ToArray(), 0)
                : model.Prior.Sample(condition, generators);
        }
        finally
        {
            generators.ForEach(g => g.Dispose());
        }

        PriorSeconds += time.GetElapsedTime(priorStarted).TotalSeconds;

        var motion = model.MotionProjection.call(prior);
        var frames = (int)motion.shape[1];
        var text = model.ProjectText(motion.mean([1]));
        var scores = model.Classifier.call(motion.mean([1, 2])).sigmoid().cpu();
        var scoreRows = Rows(scores, batch);
        var top = scoreRows.Select(ArgMax).ToArray();
        var segText = conceptText.index_select(0, tensor(top.Select(t => (long)t).ToArray(), device: device));
        var vision = motion.reshape(batch * frames, motion.shape[2], motion.shape[3]);
        var segmentation = model.Decoder.Forward(vision, segText).Segmentation;
        var reconstruction = model.Decoder.Forward(vision, text).Reconstruction;
        var (binary, weights, latents) = LatentMasking.Compose(segmentation, reconstruction, settings.LatentSide);
        var keyframe = LatentMasking.KeyframeWeights(weights, frames, config.Decoupler.Grid);
        var keyTokens = model.Prior.Unstandardize(prior).mul(keyframe.unsqueeze(-1));
        var captions = model.Captioner.Greedy(F.normalize(text, p: 2, dim: -1), settings.MaxCaptionTokens, settings.StopId);

        var maskRows = binary.reshape(batch, -1).cpu().contiguous().data<byte>().ToArray();
        var latentRows = Rows(latents.reshape(batch, -1), batch);
        var keyRows = Rows(keyframe, batch);
        var tokenRows = Rows(keyTokens.reshape(batch, -1), batch);
        var maskSize = (int)segmentation.shape[^1];
        var perMask = maskRows.Length / batch;
        var result = new List<DecodedClip>(batch);
        for (var b = 0; b < batch; b++)
        {
            result.Add(new DecodedClip(
                seeds[b],
                scoreRows[b],
                top[b],
                maskSize,
                maskRows.AsSpan(b * perMask, perMask).ToArray(),
                settings.LatentSide,
                latentRows[b],
                keyRows[b],
                tokenRows[b],
                [.. captions[b]]));
        }

        Clips += batch;
        TotalSeconds += time.GetElapsedTime(started).TotalSeconds;
        return result;
    }

    private Tensor PriorCondition(Tensor voxels, int subjectIndex)
    {
        using var brain = model.EncodeBrain(voxels, subjectIndex);
        return model.PriorCondition(brain).clone();
    }

    private static float[][] Rows(Tensor values, int batch)
    {
        var all = values.cpu().contiguous().data<float>().ToArray();
        var per = all.Length / batch;
        return Enumerable.Range(0, batch).Select(b => all.AsSpan(b * per, per).ToArray()).ToArray();
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
