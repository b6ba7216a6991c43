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

    [Fact]
    public void Best_WithTheCurrentLag_NeverRecommendsALagTheFmriStageRefuses()
    {
        // Given scores peaking at +3 from a current lag_trs of 3 (absolute 6, beyond the runs' +4)
        LagScore[] scores = [new(-1, 0.10, 0, 100), new(0, 0.20, 0, 100), new(1, 0.30, 0, 100), new(3, 0.90, 0, 100)];

        // Then the unrestricted best is +3 but the recommended one stays within -1..4 absolute
        Assert.Equal(3, LagAnalysis.Best(scores));
        Assert.Equal(1, LagAnalysis.Best(scores, currentLag: 3));
    }

    [Fact]
    public void Score_OverSeveralSegments_ReportsTheStandardErrorOfMeanR2AcrossSegments()
    {
        // Given two segments whose responses equal the regressor on one vertex (r² 1) and its negation plus noise on another
        double[] x = [1, 3, 2, 5, 4, 6, 8, 7];
        float[][] same = x.Select(v => new[] { (float)v }).ToArray();
        float[][] flat = x.Select((v, i) => new[] { (float)(i % 2) }).ToArray();

        // When scored at lag 0
        var score = LagAnalysis.Score([(x, same), (x, flat)], 0).Single();

        // Then the s.e. is the sample std of the two per-segment r² over √2
        var rFlat = ReproducibilityMask.Pearson(x.Select(v => (float)v).ToArray(), flat.Select(f => f[0]).ToArray());
        double[] perSegment = [1.0, rFlat * rFlat];
        var mean = perSegment.Average();
        var expected = Math.Sqrt(perSegment.Sum(v => (v - mean) * (v - mean)) / 1 / 2);
        Assert.Equal(expected, score.StdErrR2, 1e-9);
    }
}
