using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Prior;

/// <summary>
/// The NEURONS diffusion prior (<c>BrainDiffusionPrior</c>, BrainModel_neurons.py L316–481, on dalle2-pytorch 1.15's
/// <c>DiffusionPrior</c>; docs/model.md): <c>net</c> (<see cref="PriorConfig"/>'s non-causal transformer over
/// [brain tokens, time, noised image tokens]) and <c>noise_scheduler</c> (cosine β schedule). Training noises the
/// target tokens x₀ at a uniform step t, predicts x₀ (condition drop on the brain and the noised image tokens) and
/// takes the MSE. Sampling is DDPM ancestral sampling over every step from N(0, I), with the network's x₀ prediction
/// used as is (dalle2-pytorch clamps x₀ only when it predicts noise, and the prior's l2-norm clamps are off) and no
/// rescaling of the result. With <see cref="PriorConfig.StandardizeTargets"/> (our option) the prior's targets, inputs
/// and outputs are standardized tokens (<see cref="Standardize"/>, <see cref="Unstandardize"/>). Every random draw comes from a caller's <see cref="Generator"/>; state-dict keys follow
/// the reference (<c>net.causal_transformer.layers.0.0.to_q.weight</c>, <c>net.null_brain_embeds</c>,
/// <c>noise_scheduler.betas</c>, …).
/// </summary>
public sealed class DiffusionPrior : nn.Module
{
    private readonly NoiseScheduler noise_scheduler;
    private readonly PriorNetwork net;
    private readonly Tensor? target_mean;
    private readonly Tensor? target_scale;

    /// <summary>Initializes a new instance of the <see cref="DiffusionPrior"/> class on the CPU.</summary>
    /// <param name="config">The sizes.</param>
    /// <param name="generator">
    /// The generator the initial weights are drawn from (PyTorch's default distributions); null uses a CPU generator
    /// seeded with 0, so construction never touches the global random stream.
    /// </param>
    public DiffusionPrior(PriorConfig config, Generator? generator = null)
        : base(nameof(DiffusionPrior))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        noise_scheduler = new NoiseScheduler(config.Timesteps);
        var own = generator is null ? new Generator(0, CPU) : null;
        try
        {
            net = new PriorNetwork(config, generator ?? own!);
        }
        finally
        {
            own?.Dispose();
        }

        RegisterComponents();
        if (config.StandardizeTargets)
        {
            // Registered by hand after RegisterComponents: they exist only with the option, so the reference keys stay as they are.
            target_mean = zeros(config.Tokens, config.Dim);
            target_scale = ones(1);
            register_buffer(nameof(target_mean), target_mean);
            register_buffer(nameof(target_scale), target_scale);
        }
    }

    /// <summary>Gets the configuration the prior was built from.</summary>
    public PriorConfig Config { get; }

    /// <summary>
    /// Sets the standardization of <see cref="PriorConfig.StandardizeTargets"/> from the training targets: μ = their mean
    /// over clips [N, D], s = √(mean((x₀ − μ)²)) over every clip, token and feature (at least 1e-6). Without the option
    /// it does nothing.
    /// </summary>
    /// <param name="targets">The training split's target tokens [n, N, D].</param>
    public void FitStandardization(Tensor targets)
    {
        CheckTokens(targets, nameof(targets));
        if (target_mean is null || target_scale is null)
        {
            return;
        }

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var x = targets.to(ScalarType.Float64);
        var mean = x.mean([0]);
        var scale = x.sub(mean).pow(2).mean().sqrt().clamp_min(1e-6);
        target_mean.copy_(mean.to(target_mean.dtype));
        target_scale.copy_(scale.reshape(1).to(target_scale.dtype));
    }

    /// <summary>
    /// One training forward pass (the caller back-propagates <see cref="PriorTrainingOutput.Loss"/>). Draws, in this
    /// order from <paramref name="generator"/>: the step t ~ U{0 … T − 1} per sample, the noise ~ N(0, I), then the
    /// brain and the image condition drops (each kept with probability 1 − <see cref="PriorConfig.CondDropProb"/>).
    /// </summary>
    /// <param name="brainTokens">The brain tokens [B, N, D] (the condition).</param>
    /// <param name="imageTokens">The target image tokens x₀ [B, N, D].</param>
    /// <param name="generator">The random stream (on the tensors' device).</param>
    public PriorTrainingOutput TrainingStep(Tensor brainTokens, Tensor imageTokens, Generator generator)
    {
        CheckTokens(brainTokens, nameof(brainTokens));
        CheckTokens(imageTokens, nameof(imageTokens));
        ArgumentNullException.ThrowIfNull(generator);
        if (brainTokens.shape[0] != imageTokens.shape[0])
        {
            throw new ArgumentException($"brain tokens have batch {brainTokens.shape[0]}, image tokens {imageTokens.shape[0]}", nameof(imageTokens));
        }

        var batch = imageTokens.shape[0];
        using var scope = NewDisposeScope();
        var start = imageTokens;
        var t = randint(Config.Timesteps, [batch], ScalarType.Int64, imageTokens.device, generator: generator);
        var noise = randn(imageTokens.shape, imageTokens.dtype, imageTokens.device, generator: generator);
        var noisy = noise_scheduler.QSample(start, t, noise);
        var predicted = net.Forward(noisy, t, brainTokens, Config.CondDropProb, Config.CondDropProb, generator);
        var loss = nn.functional.mse_loss(predicted, start);
        return new PriorTrainingOutput(loss.MoveToOuterDisposeScope(), predicted.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The network's x₀ prediction [B, N, D] without condition drop (gradient as the caller's context allows); with
    /// <see cref="PriorConfig.StandardizeTargets"/> both x_t and the result are in the standardized space.
    /// </summary>
    /// <param name="noisy">The noised image tokens x_t [B, N, D].</param>
    /// <param name="timesteps">The step of each sample [B] (int64).</param>
    /// <param name="brainTokens">The brain tokens [B, N, D].</param>
    public Tensor PredictX0(Tensor noisy, Tensor timesteps, Tensor brainTokens)
    {
        CheckTokens(noisy, nameof(noisy));
        CheckTokens(brainTokens, nameof(brainTokens));
        ArgumentNullException.ThrowIfNull(timesteps);
        if (timesteps.dim() != 1 || timesteps.shape[0] != noisy.shape[0])
        {
            throw new ArgumentException($"timesteps have shape [{string.Join(", ", timesteps.shape)}], expected [{noisy.shape[0]}]", nameof(timesteps));
        }

        return net.Forward(noisy, timesteps, brainTokens, 0, 0, null);
    }

    /// <summary>DDPM ancestral sampling over all steps, every draw (start and per-step noise, [B, N, D]) from one generator.</summary>
    /// <param name="brainTokens">The brain tokens [B, N, D].</param>
    /// <param name="generator">The random stream (on the tensors' device).</param>
    /// <returns>The sampled image tokens [B, N, D] (no gradient).</returns>
    public Tensor Sample(Tensor brainTokens, Generator generator)
    {
        CheckTokens(brainTokens, nameof(brainTokens));
        ArgumentNullException.ThrowIfNull(generator);
        var shape = brainTokens.shape;
        return SampleLoop(brainTokens, () => randn(shape, brainTokens.dtype, brainTokens.device, generator: generator));
    }

    /// <summary>
    /// DDPM ancestral sampling where clip b is sampled on its own: its start and per-step noise ([1, N, D] each) come
    /// from <paramref name="perSampleGenerators"/>[b] only, and the network runs on that clip alone, so the result is
    /// bit-identical to <see cref="Sample(Tensor, Generator)"/> on the clip by itself with a generator in the same
    /// state, whatever its batch-mates (a batched network call would differ in float rounding, which 100 chained steps
    /// amplify to ~1e-3). Costs batching efficiency; use the single-generator overload for throughput.
    /// </summary>
    /// <param name="brainTokens">The brain tokens [B, N, D].</param>
    /// <param name="perSampleGenerators">One generator per sample, B of them.</param>
    /// <returns>The sampled image tokens [B, N, D] (no gradient).</returns>
    public Tensor Sample(Tensor brainTokens, IReadOnlyList<Generator> perSampleGenerators)
    {
        CheckTokens(brainTokens, nameof(brainTokens));
        ArgumentNullException.ThrowIfNull(perSampleGenerators);
        if (perSampleGenerators.Count != brainTokens.shape[0])
        {
            throw new ArgumentException($"{perSampleGenerators.Count} generators for a batch of {brainTokens.shape[0]}: pass one per sample", nameof(perSampleGenerators));
        }

        using var scope = NewDisposeScope();
        var clips = new Tensor[perSampleGenerators.Count];
        for (var b = 0; b < clips.Length; b++)
        {
            clips[b] = Sample(brainTokens.narrow(0, b, 1), perSampleGenerators[b]);
        }

        return cat(clips, 0).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// DDPM ancestral sampling as <see cref="Sample(Tensor, Generator)"/> (same draws from <paramref name="generator"/>,
    /// same result), but recording the graph: the sample is a differentiable function of <paramref name="brainTokens"/>
    /// with the start and per-step noise held fixed (what a gradient × input attribution differentiates through).
    /// </summary>
    /// <param name="brainTokens">The brain tokens [B, N, D].</param>
    /// <param name="generator">The random stream (on the tensors' device).</param>
    /// <returns>The sampled image tokens [B, N, D], with a graph back to <paramref name="brainTokens"/>.</returns>
    public Tensor SampleWithGradient(Tensor brainTokens, Generator generator)
    {
        CheckTokens(brainTokens, nameof(brainTokens));
        ArgumentNullException.ThrowIfNull(generator);
        var shape = brainTokens.shape;
        return SampleLoop(brainTokens, () => randn(shape, brainTokens.dtype, brainTokens.device, generator: generator), gradient: true);
    }

    private Tensor SampleLoop(Tensor brainTokens, Func<Tensor> drawNoise, bool gradient = false)
    {
        var batch = brainTokens.shape[0];
        using var noGrad = gradient ? enable_grad() : no_grad();
        using var outer = NewDisposeScope();
        var x = drawNoise();
        for (var i = Config.Timesteps - 1; i >= 0; i--)
        {
            using var scope = NewDisposeScope();
            var t = full([batch], i, ScalarType.Int64, brainTokens.device);
            var xStart = net.Forward(x, t, brainTokens, 0, 0, null);
            var (mean, logVariance) = noise_scheduler.QPosterior(xStart, x, t);
            var next = i > 0 ? mean.add(logVariance.mul(0.5).exp().mul(drawNoise())) : mean;
            var previous = x;
            x = next.MoveToOuterDisposeScope();
            previous.Dispose();
        }

        return x.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Maps image tokens [.., N, D] into the space the prior works in: (x − μ) / s with
    /// <see cref="PriorConfig.StandardizeTargets"/>, else the tokens themselves (a new handle).
    /// </summary>
    public Tensor Standardize(Tensor tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return target_mean is null || target_scale is null ? tokens.alias() : tokens.sub(target_mean).div(target_scale);
    }

    /// <summary>The inverse of <see cref="Standardize"/>: μ + s·z with <see cref="PriorConfig.StandardizeTargets"/>, else the tokens themselves.</summary>
    public Tensor Unstandardize(Tensor standardized)
    {
        ArgumentNullException.ThrowIfNull(standardized);
        return target_mean is null || target_scale is null ? standardized.alias() : standardized.mul(target_scale).add(target_mean);
    }

    private void CheckTokens(Tensor tokens, string name)
    {
        ArgumentNullException.ThrowIfNull(tokens, name);
        if (tokens.dim() != 3 || tokens.shape[1] != Config.Tokens || tokens.shape[2] != Config.Dim)
        {
            throw new ArgumentException($"{name} have shape [{string.Join(", ", tokens.shape)}], the prior '{Config.Name}' expects [B, {Config.Tokens}, {Config.Dim}]", name);
        }
    }
}
