namespace Neurons.Generation.Sampling;

/// <summary>
/// DDIM as AnimateDiff runs it (diffusers <c>DDIMScheduler</c>, <c>inference-v3.yaml</c>): leading timestep
/// spacing with <c>steps_offset</c> 1 (25 steps: 961, 921, …, 1), ε-prediction, η = 0, no clipping,
/// <c>set_alpha_to_one</c> (ᾱ_prev of the last step is 1). Per step:
/// x̂₀ = (x_t − √(1−ᾱ_t)·ε)/√ᾱ_t, then x_prev = √ᾱ_prev·x̂₀ + √(1−ᾱ_prev)·ε.
/// </summary>
public sealed class DdimScheduler
{
    private readonly int[] timesteps;

    /// <summary>Initializes a new instance of the <see cref="DdimScheduler"/> class.</summary>
    /// <param name="schedule">The training schedule (AnimateDiff: <see cref="NoiseSchedule.Diffusers"/> with <see cref="BetaSchedule.Linear"/>).</param>
    /// <param name="steps">Inference steps (25).</param>
    /// <param name="stepsOffset">Added to every timestep (1).</param>
    /// <param name="setAlphaToOne">Whether ᾱ_prev beyond the first training step is 1 (else ᾱ_0).</param>
    public DdimScheduler(NoiseSchedule schedule, int steps = 25, int stepsOffset = 1, bool setAlphaToOne = true)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (steps < 1 || steps > schedule.TrainSteps)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"DDIM steps must be in 1..{schedule.TrainSteps}");
        }

        Schedule = schedule;
        StepRatio = schedule.TrainSteps / steps;
        timesteps = Enumerable.Range(0, steps).Reverse().Select(k => (k * StepRatio) + stepsOffset).ToArray();
        FinalAlphaCumprod = setAlphaToOne ? 1.0 : schedule.AlphaCumprod(0);
    }

    /// <summary>Gets the training schedule.</summary>
    public NoiseSchedule Schedule { get; }

    /// <summary>Gets the distance between consecutive timesteps (1000 / steps, floored).</summary>
    public int StepRatio { get; }

    /// <summary>Gets the timesteps in sampling order (largest first).</summary>
    public IReadOnlyList<int> Timesteps => timesteps;

    /// <summary>Gets ᾱ used when the previous timestep falls below 0.</summary>
    public double FinalAlphaCumprod { get; }

    /// <summary>Returns ᾱ at the previous timestep of sampling step <paramref name="index"/>.</summary>
    public double PreviousAlphaCumprod(int index)
    {
        var previous = timesteps[index] - StepRatio;
        return previous >= 0 ? Schedule.AlphaCumprod(previous) : FinalAlphaCumprod;
    }

    /// <summary>Noises clean latents to timestep <paramref name="t"/>: √ᾱ_t·z + √(1−ᾱ_t)·ε, written to <paramref name="output"/>.</summary>
    public void AddNoise(ReadOnlySpan<float> clean, ReadOnlySpan<float> noise, int t, Span<float> output)
    {
        Same(clean.Length, noise.Length, output.Length);
        var alpha = Schedule.AlphaCumprod(t);
        float a = (float)Math.Sqrt(alpha), b = (float)Math.Sqrt(1 - alpha);
        for (var i = 0; i < clean.Length; i++)
        {
            output[i] = (a * clean[i]) + (b * noise[i]);
        }
    }

    /// <summary>One DDIM step (η = 0) of sampling step <paramref name="index"/>: x_t and the guided ε → x_prev, in <paramref name="output"/> (may alias <paramref name="sample"/>).</summary>
    public void Step(ReadOnlySpan<float> sample, ReadOnlySpan<float> epsilon, int index, Span<float> output)
    {
        Same(sample.Length, epsilon.Length, output.Length);
        var alpha = Schedule.AlphaCumprod(timesteps[index]);
        var alphaPrev = PreviousAlphaCumprod(index);
        double sqrtAlpha = Math.Sqrt(alpha), sqrtOneMinus = Math.Sqrt(1 - alpha);
        double sqrtAlphaPrev = Math.Sqrt(alphaPrev), sqrtOneMinusPrev = Math.Sqrt(1 - alphaPrev);

        // x_prev = √ᾱ_prev·(x − √(1−ᾱ)ε)/√ᾱ + √(1−ᾱ_prev)·ε = c_x·x + c_ε·ε
        var cx = (float)(sqrtAlphaPrev / sqrtAlpha);
        var ce = (float)(sqrtOneMinusPrev - (sqrtAlphaPrev * sqrtOneMinus / sqrtAlpha));
        for (var i = 0; i < sample.Length; i++)
        {
            output[i] = (cx * sample[i]) + (ce * epsilon[i]);
        }
    }

    private static void Same(int a, int b, int c)
    {
        if (a != b || a != c)
        {
            throw new ArgumentException($"sample, noise and output lengths differ ({a}, {b}, {c})");
        }
    }
}
