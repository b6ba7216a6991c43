using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Prior;

/// <summary>
/// dalle2-pytorch's <c>NoiseScheduler</c> for the cosine schedule with the l2 loss: the tables of the forward process
/// q(x_t | x₀) and of the posterior q(x_{t−1} | x_t, x₀), computed in float64 and kept as float32 buffers under the
/// reference's names (so a converted reference state dict loads strictly). Steps are 0-based: step t uses β_t.
/// </summary>
internal sealed class NoiseScheduler : nn.Module
{
    private readonly Tensor betas;
    private readonly Tensor alphas_cumprod;
    private readonly Tensor alphas_cumprod_prev;
    private readonly Tensor sqrt_alphas_cumprod;
    private readonly Tensor sqrt_one_minus_alphas_cumprod;
    private readonly Tensor log_one_minus_alphas_cumprod;
    private readonly Tensor sqrt_recip_alphas_cumprod;
    private readonly Tensor sqrt_recipm1_alphas_cumprod;
    private readonly Tensor posterior_variance;
    private readonly Tensor posterior_log_variance_clipped;
    private readonly Tensor posterior_mean_coef1;
    private readonly Tensor posterior_mean_coef2;
    private readonly Tensor p2_loss_weight;

    public NoiseScheduler(int timesteps)
        : base(nameof(NoiseScheduler))
    {
        Timesteps = timesteps;
        var beta = CosineBetas(timesteps);
        var cumprod = new double[timesteps];
        var prev = new double[timesteps];
        var running = 1.0;
        for (var t = 0; t < timesteps; t++)
        {
            prev[t] = running;
            running *= 1 - beta[t];
            cumprod[t] = running;
        }

        var variance = Map(t => beta[t] * (1 - prev[t]) / (1 - cumprod[t]));
        betas = Buffer(beta);
        alphas_cumprod = Buffer(cumprod);
        alphas_cumprod_prev = Buffer(prev);
        sqrt_alphas_cumprod = Buffer(Map(t => Math.Sqrt(cumprod[t])));
        sqrt_one_minus_alphas_cumprod = Buffer(Map(t => Math.Sqrt(1 - cumprod[t])));
        log_one_minus_alphas_cumprod = Buffer(Map(t => Math.Log(1 - cumprod[t])));
        sqrt_recip_alphas_cumprod = Buffer(Map(t => Math.Sqrt(1 / cumprod[t])));
        sqrt_recipm1_alphas_cumprod = Buffer(Map(t => Math.Sqrt((1 / cumprod[t]) - 1)));
        posterior_variance = Buffer(variance);
        posterior_log_variance_clipped = Buffer(Map(t => Math.Log(Math.Max(variance[t], 1e-20))));
        posterior_mean_coef1 = Buffer(Map(t => beta[t] * Math.Sqrt(prev[t]) / (1 - cumprod[t])));
        posterior_mean_coef2 = Buffer(Map(t => (1 - prev[t]) * Math.Sqrt(1 - beta[t]) / (1 - cumprod[t])));
        p2_loss_weight = Buffer(Map(_ => 1.0)); // (k + ᾱ/(1 − ᾱ))^−γ with γ = 0
        RegisterComponents();

        double[] Map(Func<int, double> f) => Enumerable.Range(0, timesteps).Select(f).ToArray();
    }

    /// <summary>Gets the number of steps.</summary>
    public int Timesteps { get; }

    /// <summary>
    /// The cosine schedule (Nichol and Dhariwal 2021; dalle2-pytorch <c>cosine_beta_schedule</c>) in float64:
    /// ᾱ(x) = cos²(((x / T) + s) / (1 + s) · π / 2) / ᾱ(0) for x = 0 … T, β_t = 1 − ᾱ(t + 1) / ᾱ(t), clipped to
    /// [0, 0.999]; s = 0.008.
    /// </summary>
    public static double[] CosineBetas(int timesteps, double s = PriorConfig.CosineScheduleOffset)
    {
        double AlphaBar(int x) => Math.Pow(Math.Cos(((((double)x / timesteps) + s) / (1 + s)) * Math.PI * 0.5), 2);
        var first = AlphaBar(0);
        return Enumerable.Range(0, timesteps)
            .Select(t => Math.Clamp(1 - ((AlphaBar(t + 1) / first) / (AlphaBar(t) / first)), 0, PriorConfig.MaxBeta))
            .ToArray();
    }

    /// <summary>q(x_t | x₀): √ᾱ_t · x₀ + √(1 − ᾱ_t) · noise, per sample step t [B].</summary>
    public Tensor QSample(Tensor xStart, Tensor t, Tensor noise)
    {
        using var scope = NewDisposeScope();
        var a = Extract(sqrt_alphas_cumprod, t, xStart);
        var b = Extract(sqrt_one_minus_alphas_cumprod, t, xStart);
        return a.mul(xStart).add(b.mul(noise)).MoveToOuterDisposeScope();
    }

    /// <summary>The posterior q(x_{t−1} | x_t, x₀): mean = c1_t · x₀ + c2_t · x_t and log variance (clipped at 1e-20).</summary>
    public (Tensor Mean, Tensor LogVariance) QPosterior(Tensor xStart, Tensor xT, Tensor t)
    {
        using var scope = NewDisposeScope();
        var mean = Extract(posterior_mean_coef1, t, xT).mul(xStart).add(Extract(posterior_mean_coef2, t, xT).mul(xT));
        var logVariance = Extract(posterior_log_variance_clipped, t, xT);
        return (mean.MoveToOuterDisposeScope(), logVariance.MoveToOuterDisposeScope());
    }

    /// <summary>dalle2-pytorch's <c>extract</c>: table[t] reshaped to [B, 1, …] to broadcast over <paramref name="like"/>.</summary>
    private static Tensor Extract(Tensor table, Tensor t, Tensor like)
    {
        var shape = new long[like.dim()];
        Array.Fill(shape, 1L);
        shape[0] = t.shape[0];
        using var picked = table.gather(-1, t);
        return picked.reshape(shape);
    }

    private static Tensor Buffer(double[] values)
    {
        using var d = tensor(values, ScalarType.Float64);
        return d.to(ScalarType.Float32);
    }
}
