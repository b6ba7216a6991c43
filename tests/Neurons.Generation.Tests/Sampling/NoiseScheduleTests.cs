using Neurons.Generation.Sampling;

namespace Neurons.Generation.Tests.Sampling;

public sealed class NoiseScheduleTests
{
    [Theory]
    [InlineData(961, 0.002478)]
    [InlineData(921, 0.003914)]
    [InlineData(881, 0.006070)]
    [InlineData(481, 0.181388)]
    [InlineData(241, 0.587530)]
    [InlineData(41, 0.955678)]
    [InlineData(1, 0.998290)]
    public void AlphaCumprod_LinearDiffusersSchedule_EqualsTheSpecReferenceValues(int t, double expected)
    {
        // Given AnimateDiff's DDIM schedule: beta linear from 0.00085 to 0.012 over 1000 steps
        var schedule = NoiseSchedule.Diffusers(BetaSchedule.Linear);

        // Then alpha-bar equals the reference values (docs/generation.md § Sampling, exactly) to 1e-6
        Assert.Equal(expected, schedule.AlphaCumprod(t), 1e-6);
    }

    [Fact]
    public void AlphaCumprod_ScaledLinear_DiffersFromLinearAsTheSpecWarns()
    {
        // Given the scaled-linear (sqrt-beta linear) schedules of diffusers and sgm
        var diffusers = NoiseSchedule.Diffusers(BetaSchedule.ScaledLinear);
        var sgm = NoiseSchedule.SgmLegacy();

        // Then both give the √β-linear schedule's 0.007282 at t = 961, not the linear schedule's 0.002478
        Assert.Equal(0.007282, diffusers.AlphaCumprod(961), 1e-6);
        Assert.Equal(0.007282, sgm.AlphaCumprod(961), 1e-6);
    }

    [Fact]
    public void TorchLinspace_TenSteps_MatchesTorchHalfwaySymmetricValues()
    {
        // torch.linspace(0, 1, 10): step 1/9; the upper half counts down from the end
        var values = NoiseSchedule.TorchLinspace(0f, 1f, 10);

        Assert.Equal(0f, values[0]);
        Assert.Equal(1f, values[9]);
        Assert.Equal(1f - (1f / 9f), values[8]);
        Assert.Equal(4f * (1f / 9f), values[4]);
    }
}
