using Neurons.Model.Prior;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Prior;

public sealed class RelPosBiasTests
{
    // 32 buckets, max distance 128: n = max(query − key, 0); n < 16 → n; else 16 + ⌊ln(n / 16) / ln 8 · 16⌋, at most 31.
    //   n = 17: ln(1.0625)/ln 8 · 16 = 0.466 → 16;  n = 20: ln(1.25)/ln 8 · 16 = 1.717 → 17;  n = 32: 16/3 = 5.33 → 21
    //   n = 64: 32/3 = 10.67 → 26;  n = 100: ln(6.25)/ln 8 · 16 = 14.10 → 30;  n = 127: 15.94 → 31;  n = 128: 32 → 31
    [Theory]
    [InlineData(0, 0)]
    [InlineData(-1, 1)]
    [InlineData(-15, 15)]
    [InlineData(-16, 16)]
    [InlineData(-17, 16)]
    [InlineData(-20, 17)]
    [InlineData(-32, 21)]
    [InlineData(-64, 26)]
    [InlineData(-100, 30)]
    [InlineData(-127, 31)]
    [InlineData(-128, 31)]
    [InlineData(-1000, 31)]
    [InlineData(1, 0)]
    [InlineData(300, 0)]
    public void Bucket_RelativePosition_MatchesHandComputedT5Bucket(long relative, long expected)
    {
        Assert.Equal(expected, RelPosBias.Bucket(relative));
    }

    [Fact]
    public void Forward_GathersPerHeadBiasByBucket()
    {
        // Given the bias of 2 heads
        using var gen = new Generator(1);
        using var bias = new RelPosBias(2, gen);
        var table = bias.named_parameters().Single().parameter;

        // When built for 3 queries and 4 keys
        using var values = bias.call(3L, 4L);

        // Then [2, 3, 4] and entry (h, i, j) = table[bucket(j − i), h]: (h=1, i=2, j=0) → bucket 2; (h=0, i=0, j=3) → 0
        Assert.Equal(new long[] { 2, 3, 4 }, values.shape);
        Assert.Equal(table[2, 1].item<float>(), values[1, 2, 0].item<float>());
        Assert.Equal(table[0, 0].item<float>(), values[0, 0, 3].item<float>());
        Assert.Equal(table[1, 0].item<float>(), values[0, 2, 1].item<float>());
    }
}
