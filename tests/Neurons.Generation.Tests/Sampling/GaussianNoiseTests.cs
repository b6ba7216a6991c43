using Neurons.Generation.Sampling;

namespace Neurons.Generation.Tests.Sampling;

public sealed class GaussianNoiseTests
{
    [Fact]
    public void Sample_SameSeed_GivesTheSameStream()
    {
        Assert.Equal(new GaussianNoise(42).Sample(100), new GaussianNoise(42).Sample(100));
        Assert.NotEqual(new GaussianNoise(42).Sample(10), new GaussianNoise(43).Sample(10));
    }

    [Fact]
    public void Sample_ManyValues_HasStandardNormalMoments()
    {
        var values = new GaussianNoise(7).Sample(200_000);
        var mean = values.Average(v => (double)v);
        var variance = values.Average(v => (v - mean) * (v - mean));

        // standard errors: mean 0.0022, variance 0.0032
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(variance, 0.985, 1.015);
    }

    [Fact]
    public void ClipSeed_DependsOnSeedAndKeyOnly()
    {
        Assert.Equal(GaussianNoise.ClipSeed(0, "test1_003/s1"), GaussianNoise.ClipSeed(0, "test1_003/s1"));
        Assert.NotEqual(GaussianNoise.ClipSeed(0, "test1_003/s1"), GaussianNoise.ClipSeed(0, "test1_004/s1"));
        Assert.NotEqual(GaussianNoise.ClipSeed(0, "test1_003/s1"), GaussianNoise.ClipSeed(1, "test1_003/s1"));
    }
}
