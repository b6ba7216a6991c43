namespace Neurons.Data.Fmri;

/// <summary>
/// The lag check (docs/fmri.md): cross-correlates a simple stimulus regressor (the mean absolute
/// frame-to-frame change of a clip's frames) with each masked vertex's response at lags −k…+k TRs, per
/// segment, and summarises over vertices, so a user can choose <c>lag_trs</c> on real data.
/// </summary>
public static class LagAnalysis
{
    /// <summary>
    /// Returns the regressor of one clip: the mean absolute difference of consecutive frames over all bytes,
    /// scaled to [0, 1]. <paramref name="frames"/> holds <paramref name="frameCount"/> equally sized frames back to back.
    /// </summary>
    public static double FrameChange(ReadOnlySpan<byte> frames, int frameCount)
    {
        if (frameCount < 2 || frames.Length % frameCount != 0)
        {
            throw new ArgumentException($"{frames.Length} bytes do not split into {frameCount} ≥ 2 frames", nameof(frames));
        }

        var size = frames.Length / frameCount;
        long total = 0;
        for (var f = 1; f < frameCount; f++)
        {
            var a = frames.Slice((f - 1) * size, size);
            var b = frames.Slice(f * size, size);
            for (var i = 0; i < size; i++)
            {
                total += Math.Abs(a[i] - b[i]);
            }
        }

        return total / (255.0 * size * (frameCount - 1));
    }

    /// <summary>
    /// Scores lags −<paramref name="maxLag"/>…+<paramref name="maxLag"/> over segments. Each segment gives the
    /// regressor per TR and the responses per TR (<c>responses[tr][vertex]</c>, e.g. averaged over repeats).
    /// r is computed per segment and vertex, then averaged weighted by the number of pairs.
    /// </summary>
    public static IReadOnlyList<LagScore> Score(IReadOnlyList<(double[] Regressor, float[][] Responses)> segments, int maxLag)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLag);
        var scores = new List<LagScore>();
        for (var lag = -maxLag; lag <= maxLag; lag++)
        {
            double sumR2 = 0, sumR = 0, weight = 0;
            var pairs = 0;
            var perSegment = new List<double>();
            foreach (var (x, y) in segments)
            {
                if (x.Length != y.Length)
                {
                    throw new ArgumentException($"a segment has {x.Length} regressor values but {y.Length} response TRs", nameof(segments));
                }

                var first = Math.Max(0, -lag);
                var last = Math.Min(x.Length, y.Length - lag);
                var n = last - first;
                if (n < 3 || y.Length == 0)
                {
                    continue;
                }

                var vertices = y[0].Length;
                var xs = new float[n];
                for (var i = 0; i < n; i++)
                {
                    xs[i] = (float)x[first + i];
                }

                var ys = new float[n];
                double segR2 = 0, segR = 0;
                for (var v = 0; v < vertices; v++)
                {
                    for (var i = 0; i < n; i++)
                    {
                        ys[i] = y[first + i + lag][v];
                    }

                    var r = ReproducibilityMask.Pearson(xs, ys);
                    segR2 += r * r;
                    segR += r;
                }

                perSegment.Add(segR2 / vertices);
                sumR2 += segR2 / vertices * n;
                sumR += segR / vertices * n;
                weight += n;
                pairs += n;
            }

            scores.Add(new LagScore(lag, weight > 0 ? sumR2 / weight : double.NaN, weight > 0 ? sumR / weight : double.NaN, pairs)
            {
                StdErrR2 = StandardError(perSegment),
            });
        }

        return scores;
    }

    /// <summary>Returns the lag with the largest mean r².</summary>
    /// <summary>Returns the best-scoring lag among those whose absolute lag (<paramref name="currentLag"/> + lag) the fmri stage accepts for every run.</summary>
    public static int Best(IReadOnlyList<LagScore> scores, int currentLag) =>
        Best(scores.Where(s => currentLag + s.Lag is >= VolumeWindow.MinLag and <= VolumeWindow.MaxLag).ToList());

    private static double StandardError(List<double> values)
    {
        if (values.Count < 2)
        {
            return double.NaN;
        }

        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
        return Math.Sqrt(variance / values.Count);
    }

    public static int Best(IReadOnlyList<LagScore> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return scores.Where(s => !double.IsNaN(s.MeanR2)).MaxBy(s => s.MeanR2)?.Lag
            ?? throw new InvalidOperationException("no lag could be scored (too few TRs)");
    }
}
