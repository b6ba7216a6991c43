using Neurons.Generation.Sampling;

namespace Neurons.Generation.Tests.Sampling;

public sealed class EulerEdmSamplerTests
{
    private static readonly NoiseSchedule Sgm = NoiseSchedule.SgmLegacy();

    [Fact]
    public void Constructor_38Steps_UsesRoughlyEquallySpacedIndicesFrom999To26()
    {
        // np.linspace(999, 0, 38, endpoint=False).astype(int): 999, 972, 946, ... 26 (step -26.289...)
        var sampler = new EulerEdmSampler(Sgm, 38);
        Assert.Equal(38, sampler.TimestepIndices.Count);
        Assert.Equal(999, sampler.TimestepIndices[0]);
        Assert.Equal(972, sampler.TimestepIndices[1]);
        Assert.Equal(946, sampler.TimestepIndices[2]);
        Assert.Equal(26, sampler.TimestepIndices[37]);
        Assert.Equal(39, sampler.Sigmas.Count);
        Assert.Equal(0.0, sampler.Sigmas[38]);
    }

    [Fact]
    public void Sigmas_FirstStep_IsTheSdSigmaMax()
    {
        // sigma = sqrt((1 - a) / a) at index 999 of the sqrt-linear schedule: SD's well-known sigma_max 14.6146
        var sampler = new EulerEdmSampler(Sgm, 38);
        var a = Sgm.AlphaCumprod(999);
        Assert.Equal(Math.Sqrt((1 - a) / a), sampler.Sigmas[0], 1e-5);
        Assert.Equal(14.6146, sampler.Sigmas[0], 1e-3);
        Assert.Equal(1 / Math.Sqrt((sampler.Sigmas[0] * sampler.Sigmas[0]) + 1), sampler.InputScale(0), 12);
    }

    [Fact]
    public void Step_HandComputed_MovesAlongEpsilonBySigmaDifference()
    {
        // x + (sigma_next - sigma) * eps
        var sampler = new EulerEdmSampler(Sgm, 38);
        float[] x = [2f, -1f];
        float[] eps = [0.5f, 1f];
        var output = new float[2];
        sampler.Step(x, eps, 0, output);
        var dt = sampler.Sigmas[1] - sampler.Sigmas[0];
        Assert.Equal(2 + (dt * 0.5), output[0], 1e-4);
        Assert.Equal(-1 + dt, output[1], 1e-4);
    }

    [Fact]
    public void InitialLatents_OffsetNoise_IsZPlusSigmaTimesNoiseAndOffset()
    {
        // z + sigma0 * (eps + 0.04 * o)
        var sampler = new EulerEdmSampler(Sgm, 38);
        var x = sampler.InitialLatents([1f, 0f], [0f, 1f], 0.04, 2.0);
        var s = sampler.Sigmas[0];
        Assert.Equal(1 + (s * 0.08), x[0], 1e-4);
        Assert.Equal(s * 1.08, x[1], 1e-4);
    }
}
