using Neurons.Data.Fmri;

namespace Neurons.Data.Tests.Fmri;

public sealed class LagAnalysisTests
{
    [Fact]
    public void FrameChange_MeanAbsoluteDifferenceOfConsecutiveFrames()
    {
        // Given three 2-byte frames 0,0 | 255,0 | 255,255: differences 255+0 and 0+255
        byte[] frames = [0, 0, 255, 0, 255, 255];

        // When / Then: (255 + 255) / (255 · 2 bytes · 2 differences) = 0.5
        Assert.Equal(0.5, LagAnalysis.FrameChange(frames, 3), 12);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0)]
    [InlineData(-1)]
    public void Score_WhenResponsesFollowTheRegressorByALag_FindsThatLag(int trueLag)
    {
        // Given two segments of 60 TRs whose 20 vertices respond to the regressor trueLag TRs later, plus noise
        var rng = new Random(4);
        var segments = new List<(double[], float[][])>();
        for (var s = 0; s < 2; s++)
        {
            var x = Enumerable.Range(0, 60).Select(_ => rng.NextDouble()).ToArray();
            var y = new float[60][];
            for (var t = 0; t < 60; t++)
            {
                y[t] = new float[20];
                var source = t - trueLag;
                for (var v = 0; v < 20; v++)
                {
                    var drive = source is >= 0 and < 60 ? x[source] * (1 + (v % 3)) : 0;
                    y[t][v] = (float)(drive + (0.3 * rng.NextDouble()));
                }
            }

            segments.Add((x, y));
        }

        // When lags −3..+3 are scored
        var scores = LagAnalysis.Score(segments, 3);

        // Then seven lags are reported and the true one has the largest mean r²
        Assert.Equal(Enumerable.Range(-3, 7), scores.Select(s => s.Lag));
        Assert.Equal(trueLag, LagAnalysis.Best(scores));
        Assert.True(scores.Single(s => s.Lag == trueLag).MeanR > 0.8);
        Assert.Equal(2 * (60 - Math.Abs(trueLag)), scores.Single(s => s.Lag == trueLag).Pairs);
    }
}
