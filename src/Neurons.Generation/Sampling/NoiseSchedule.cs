namespace Neurons.Generation.Sampling;

/// <summary>
/// The discrete diffusion schedule: β over the training steps and ᾱ_t = Π_{s≤t}(1 − β_s). Computed in
/// float32 like diffusers (<c>torch.linspace(..., dtype=float32)</c>, then <c>torch.cumprod</c>), or in
/// float64 like sgm (<c>np.linspace</c> of √β, squared, <c>np.cumprod</c>).
/// </summary>
public sealed class NoiseSchedule
{
    private readonly double[] alphasCumprod;

    private NoiseSchedule(double[] alphasCumprod)
    {
        this.alphasCumprod = alphasCumprod;
    }

    /// <summary>Gets the number of training steps (1000).</summary>
    public int TrainSteps => alphasCumprod.Length;

    /// <summary>Gets ᾱ_t for every training step t.</summary>
    public IReadOnlyList<double> AlphasCumprod => alphasCumprod;

    /// <summary>The diffusers schedule (float32 arithmetic) with <paramref name="kind"/> spacing.</summary>
    public static NoiseSchedule Diffusers(BetaSchedule kind, float betaStart = 0.00085f, float betaEnd = 0.012f, int trainSteps = 1000)
    {
        var betas = kind == BetaSchedule.Linear
            ? TorchLinspace(betaStart, betaEnd, trainSteps)
            : TorchLinspace(MathF.Sqrt(betaStart), MathF.Sqrt(betaEnd), trainSteps).Select(b => b * b).ToArray();
        var result = new double[trainSteps];
        var product = 1f;
        for (var t = 0; t < trainSteps; t++)
        {
            product *= 1f - betas[t];
            result[t] = product;
        }

        return new NoiseSchedule(result);
    }

    /// <summary>sgm's <c>LegacyDDPMDiscretization</c> schedule (float64, β linear in √β).</summary>
    public static NoiseSchedule SgmLegacy(double linearStart = 0.00085, double linearEnd = 0.012, int trainSteps = 1000)
    {
        double a = Math.Sqrt(linearStart), b = Math.Sqrt(linearEnd);
        var result = new double[trainSteps];
        var product = 1.0;
        for (var t = 0; t < trainSteps; t++)
        {
            // np.linspace: start + t * step, with the last value exactly the end.
            var root = t == trainSteps - 1 ? b : a + (t * ((b - a) / (trainSteps - 1)));
            product *= 1.0 - (root * root);
            result[t] = product;
        }

        return new NoiseSchedule(result);
    }

    /// <summary>Returns ᾱ_t.</summary>
    public double AlphaCumprod(int t) => t >= 0 && t < alphasCumprod.Length
        ? alphasCumprod[t]
        : throw new ArgumentOutOfRangeException(nameof(t), t, $"timestep must be in 0..{alphasCumprod.Length - 1}");

    /// <summary>torch's float32 linspace: the first half counts up from the start, the second down from the end.</summary>
    internal static float[] TorchLinspace(float start, float end, int steps)
    {
        var values = new float[steps];
        var step = (end - start) / (steps - 1);
        var halfway = steps / 2;
        for (var i = 0; i < steps; i++)
        {
            values[i] = i < halfway ? start + (step * i) : end - (step * (steps - i - 1));
        }

        return values;
    }
}
