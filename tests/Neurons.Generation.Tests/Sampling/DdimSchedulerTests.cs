using Neurons.Generation.Sampling;

namespace Neurons.Generation.Tests.Sampling;

public sealed class DdimSchedulerTests
{
    private static readonly DdimScheduler Scheduler = new(NoiseSchedule.Diffusers(BetaSchedule.Linear));

    [Fact]
    public void Timesteps_TwentyFiveLeadingStepsWithOffsetOne_Are961DownTo1()
    {
        Assert.Equal(25, Scheduler.Timesteps.Count);
        Assert.Equal(961, Scheduler.Timesteps[0]);
        Assert.Equal(921, Scheduler.Timesteps[1]);
        Assert.Equal(1, Scheduler.Timesteps[24]);
        Assert.Equal(Enumerable.Range(0, 25).Select(k => 961 - (40 * k)), Scheduler.Timesteps);
    }

    [Fact]
    public void PreviousAlphaCumprod_LastStep_IsOne()
    {
        // set_alpha_to_one: the step from t = 1 goes to alpha-bar 1, not alpha-bar_0 = 0.99915 (OnnxStack's quirk)
        Assert.Equal(1.0, Scheduler.PreviousAlphaCumprod(24));
        Assert.Equal(Scheduler.Schedule.AlphaCumprod(921), Scheduler.PreviousAlphaCumprod(0));
    }

    [Fact]
    public void Step_FirstStep_MatchesHandComputedX0AndDirection()
    {
        // Given x_961 and a guided epsilon
        float[] x = [1f, -2f, 0.5f];
        float[] eps = [0.5f, 0.25f, -1f];
        var output = new float[3];

        // When one DDIM step runs (t = 961 -> 921)
        Scheduler.Step(x, eps, 0, output);

        // Then x_prev = sqrt(a') * (x - sqrt(1-a) eps) / sqrt(a) + sqrt(1-a') eps, written out by hand
        var a = Scheduler.Schedule.AlphaCumprod(961);
        var ap = Scheduler.Schedule.AlphaCumprod(921);
        for (var i = 0; i < 3; i++)
        {
            var x0 = (x[i] - (Math.Sqrt(1 - a) * eps[i])) / Math.Sqrt(a);
            var expected = (Math.Sqrt(ap) * x0) + (Math.Sqrt(1 - ap) * eps[i]);
            Assert.Equal(expected, output[i], 1e-4);
        }

        // and with docs/generation.md's rounded alpha-bars (0.002478, 0.003914) the first element is 1.26256...
        var specX0 = (1 - (Math.Sqrt(1 - 0.002478) * 0.5)) / Math.Sqrt(0.002478);
        Assert.Equal((Math.Sqrt(0.003914) * specX0) + (Math.Sqrt(1 - 0.003914) * 0.5), output[0], 1e-3);
    }

    [Fact]
    public void Step_LastStep_ReturnsThePredictedCleanSample()
    {
        // alpha-bar_prev = 1 at the last step, so x_prev = x0-hat = (x - sqrt(1-a) eps) / sqrt(a) with a = alpha-bar_1
        float[] x = [0.3f];
        float[] eps = [0.1f];
        var output = new float[1];
        Scheduler.Step(x, eps, 24, output);
        var a = 0.998290;
        Assert.Equal((0.3 - (Math.Sqrt(1 - a) * 0.1)) / Math.Sqrt(a), output[0], 1e-5);
    }

    [Fact]
    public void AddNoise_At961_UsesTheSpecCoefficients()
    {
        // x_961 = 0.04978 z + 0.99876 eps (docs/generation.md)
        float[] z = [1f, 0f, 2f];
        float[] eps = [0f, 1f, -1f];
        var output = new float[3];
        Scheduler.AddNoise(z, eps, 961, output);
        Assert.Equal(0.04978, output[0], 1e-5);
        Assert.Equal(0.99876, output[1], 1e-5);
        Assert.Equal((2 * 0.04978) - 0.99876, output[2], 1e-4);
    }

    [Fact]
    public void Combine_GuidanceScale85_MatchesHandComputedValues()
    {
        // eps = u + 8.5 (c - u): [1 + 8.5*2, 2 + 8.5*(-2), -1 + 0]
        float[] u = [1f, 2f, -1f];
        float[] c = [3f, 0f, -1f];
        var output = new float[3];
        Guidance.Combine(u, c, 8.5f, output);
        Assert.Equal([18f, -15f, -1f], output);
    }
}
