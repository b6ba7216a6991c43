using Neurons.Model.Prior;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Prior;

public sealed class NoiseSchedulerTests
{
    // ᾱ(x) = cos²(((x / 100) + 0.008) / 1.008 · π / 2) / ᾱ(0), β_t = 1 − ᾱ(t + 1) / ᾱ(t), clipped at 0.999; values
    // computed independently in float64 (Python): ᾱ(0) before normalisation = 0.9998445910004082.
    [Theory]
    [InlineData(0, 0.0006312815983416931, 0.9993687184016583)]
    [InlineData(1, 0.0011169370373218523, 0.9982524864661346)]
    [InlineData(49, 0.030593124281670048, 0.49384359044063775)]
    [InlineData(98, 0.7499392803846627, 0.00024285722793500596)]
    [InlineData(99, 0.999, 2.4285722793500615e-07)]
    public void Buffers_CosineSchedule_MatchHandComputedValues(int t, double beta, double alphaBar)
    {
        // Given the 100-step cosine schedule
        var betas = NoiseScheduler.CosineBetas(100);
        using var scheduler = new NoiseScheduler(100);
        var buffers = scheduler.named_buffers().ToDictionary(b => b.name, b => b.buffer);

        // Then β_t and ᾱ_t (cumulative product of the clipped 1 − β) match, in float64 and in the float32 buffers
        Assert.Equal(beta, betas[t], 15);
        Assert.Equal(beta, buffers["betas"][t].item<float>(), 6);
        Assert.Equal(alphaBar, buffers["alphas_cumprod"][t].item<float>(), 1e-6 * Math.Max(alphaBar, 1e-6));
    }

    [Fact]
    public void Buffers_Posterior_MatchHandComputedValuesAtStep50()
    {
        // Given the schedule; by hand at t = 50 with ᾱ_{t-1} = ᾱ_49:
        //   c1 = β_t √ᾱ_{t-1} / (1 − ᾱ_t), c2 = (1 − ᾱ_{t-1}) √(1 − β_t) / (1 − ᾱ_t), σ² = β_t (1 − ᾱ_{t-1}) / (1 − ᾱ_t)
        using var scheduler = new NoiseScheduler(100);
        var b = scheduler.named_buffers().ToDictionary(x => x.name, x => x.buffer);

        // Then
        Assert.Equal(0.042490652889586436, b["posterior_mean_coef1"][50].item<float>(), 6);
        Assert.Equal(0.9547153075243909, b["posterior_mean_coef2"][50].item<float>(), 6);
        Assert.Equal(0.03060436932943749, b["posterior_variance"][50].item<float>(), 6);
        Assert.Equal(Math.Log(0.03060436932943749), b["posterior_log_variance_clipped"][50].item<float>(), 5);

        // and at t = 0 the posterior variance is 0, its log clipped at ln(1e-20)
        Assert.Equal(0f, b["posterior_variance"][0].item<float>());
        Assert.Equal(Math.Log(1e-20), b["posterior_log_variance_clipped"][0].item<float>(), 3);
    }

    [Fact]
    public void Buffers_HaveTheReferenceNames()
    {
        using var scheduler = new NoiseScheduler(10);
        Assert.Equal(
            ["betas", "alphas_cumprod", "alphas_cumprod_prev", "sqrt_alphas_cumprod", "sqrt_one_minus_alphas_cumprod", "log_one_minus_alphas_cumprod", "sqrt_recip_alphas_cumprod", "sqrt_recipm1_alphas_cumprod", "posterior_variance", "posterior_log_variance_clipped", "posterior_mean_coef1", "posterior_mean_coef2", "p2_loss_weight"],
            scheduler.named_buffers().Select(b => b.name).ToArray());
    }

    [Fact]
    public void QSample_MixesStartAndNoisePerSampleStep()
    {
        // Given x₀ = 1, noise = 2 for two samples at steps 0 and 49
        using var scheduler = new NoiseScheduler(100);
        using var x0 = ones(2, 1, 3);
        using var noise = full([2, 1, 3], 2f);
        using var t = tensor(new long[] { 0, 49 });

        // When noised
        using var xt = scheduler.QSample(x0, t, noise);

        // Then x_t = √ᾱ_t + 2 √(1 − ᾱ_t)
        Assert.Equal(Math.Sqrt(0.9993687184016583) + (2 * Math.Sqrt(1 - 0.9993687184016583)), xt[0, 0, 2].item<float>(), 5);
        Assert.Equal(Math.Sqrt(0.49384359044063775) + (2 * Math.Sqrt(1 - 0.49384359044063775)), xt[1, 0, 0].item<float>(), 5);
    }
}
