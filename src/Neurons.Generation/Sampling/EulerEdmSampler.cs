namespace Neurons.Generation.Sampling;

/// <summary>
/// sgm's <c>EulerEDMSampler</c> as MindEye2's unCLIP keyframe runs it (<c>s_churn</c> 0, so no added noise):
/// <c>LegacyDDPMDiscretization</c> σ_i = √((1−ᾱ)/ᾱ) at the roughly equally spaced indices
/// <c>linspace(999, 0, n, endpoint=False).astype(int)</c>, descending with a final 0; ε-scaling
/// (c_in = 1/√(σ²+1), c_out = −σ, c_skip = 1, the network sees the discrete index); Euler steps
/// x ← x + (σ_next − σ)·(x − D)/σ, which with D = x − σ·ε is x + (σ_next − σ)·ε.
/// </summary>
public sealed class EulerEdmSampler
{
    private readonly double[] sigmas;
    private readonly int[] indices;

    /// <summary>Initializes a new instance of the <see cref="EulerEdmSampler"/> class.</summary>
    /// <param name="schedule">The training schedule (<see cref="NoiseSchedule.SgmLegacy"/>).</param>
    /// <param name="steps">Sampling steps (38 in NEURONS).</param>
    public EulerEdmSampler(NoiseSchedule schedule, int steps = 38)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var n = schedule.TrainSteps;
        if (steps < 1 || steps >= n)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"EulerEDM steps must be in 1..{n - 1}");
        }

        // np.linspace(n-1, 0, steps, endpoint=False).astype(int), reversed to ascending, then flipped back:
        // sampling visits them from the largest index down.
        var delta = -(double)(n - 1) / steps;
        indices = Enumerable.Range(0, steps).Select(k => (int)((n - 1) + (k * delta))).ToArray();
        sigmas = new double[steps + 1];
        for (var i = 0; i < steps; i++)
        {
            var alpha = schedule.AlphaCumprod(indices[i]);
            sigmas[i] = Math.Sqrt((float)((1 - alpha) / alpha));
        }

        sigmas[steps] = 0;
    }

    /// <summary>Gets σ per step in sampling order, with the final 0 appended (steps + 1 values).</summary>
    public IReadOnlyList<double> Sigmas => sigmas;

    /// <summary>Gets the discrete index fed to the network per step (the c_noise of sgm's <c>DiscreteDenoiser</c>).</summary>
    public IReadOnlyList<int> TimestepIndices => indices;

    /// <summary>Gets the number of steps.</summary>
    public int Steps => indices.Length;

    /// <summary>Returns c_in = 1/√(σ²+1) of step <paramref name="index"/>, the factor applied to x before the network.</summary>
    public double InputScale(int index) => 1 / Math.Sqrt((sigmas[index] * sigmas[index]) + 1);

    /// <summary>
    /// The starting latents as MindEye2's <c>unclip_recon</c> builds them: z + σ₀·(ε + offset·o), with z and ε
    /// standard-normal latents and o one standard-normal value per sample (sgm offset noise). The reference
    /// divides by √(1+σ₀²) and the sampler multiplies by it again, so neither appears here.
    /// </summary>
    public float[] InitialLatents(ReadOnlySpan<float> z, ReadOnlySpan<float> epsilon, double offsetNoise, double offset)
    {
        if (z.Length != epsilon.Length)
        {
            throw new ArgumentException($"z and ε lengths differ ({z.Length}, {epsilon.Length})");
        }

        var x = new float[z.Length];
        var sigma = sigmas[0];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (float)(z[i] + (sigma * (epsilon[i] + (offsetNoise * offset))));
        }

        return x;
    }

    /// <summary>One Euler step of step <paramref name="index"/> given the guided ε prediction, in <paramref name="output"/> (may alias <paramref name="sample"/>).</summary>
    public void Step(ReadOnlySpan<float> sample, ReadOnlySpan<float> epsilon, int index, Span<float> output)
    {
        if (sample.Length != epsilon.Length || output.Length != sample.Length)
        {
            throw new ArgumentException($"sample, ε and output lengths differ ({sample.Length}, {epsilon.Length}, {output.Length})");
        }

        var dt = (float)(sigmas[index + 1] - sigmas[index]);
        for (var i = 0; i < sample.Length; i++)
        {
            output[i] = sample[i] + (dt * epsilon[i]);
        }
    }
}
