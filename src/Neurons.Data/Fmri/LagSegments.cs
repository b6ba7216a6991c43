using Neurons.Data.Tables;

namespace Neurons.Data.Fmri;

/// <summary>
/// The inputs of <see cref="LagAnalysis.Score"/> read from committed tables: per segment, the frame-change regressor of
/// its clips and each subject's responses averaged over repeats, grouped by subject. Used by <c>pipeline fmri-lag</c>
/// and the report's lag curves.
/// </summary>
public static class LagSegments
{
    /// <summary>Reads every (clips shard, fmri shard) pair of the same segment.</summary>
    /// <param name="segments">The clips and fmri Parquet files of each segment.</param>
    /// <param name="cancellationToken">Cancels between row groups.</param>
    public static async Task<SortedDictionary<int, List<(double[] Regressor, float[][] Responses)>>> ReadAsync(
        IEnumerable<(string ClipsPath, string FmriPath)> segments,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var perSubject = new SortedDictionary<int, List<(double[] Regressor, float[][] Responses)>>();
        foreach (var (clipsPath, fmriPath) in segments)
        {
            var regressor = await RegressorAsync(clipsPath, cancellationToken).ConfigureAwait(false);
            foreach (var (subject, responses) in await MeanResponsesAsync(fmriPath, regressor.Length, cancellationToken).ConfigureAwait(false))
            {
                if (!perSubject.TryGetValue(subject, out var list))
                {
                    perSubject[subject] = list = [];
                }

                list.Add((regressor, responses));
            }
        }

        return perSubject;
    }

    private static async Task<double[]> RegressorAsync(string clipsPath, CancellationToken cancellationToken)
    {
        var values = new SortedDictionary<int, double>();
        await foreach (var group in ParquetRows.ReadRowGroupsAsync<ClipRow>(clipsPath, cancellationToken).ConfigureAwait(false))
        {
            foreach (var clip in group)
            {
                values[clip.TrIndex] = LagAnalysis.FrameChange(clip.DecodeFrames(), ClipRow.FrameCount);
            }
        }

        return [.. values.Values];
    }

    private static async Task<Dictionary<int, float[][]>> MeanResponsesAsync(string fmriPath, int trs, CancellationToken cancellationToken)
    {
        var sums = new Dictionary<int, (double[][] Sum, int[] Count)>();
        await foreach (var group in ParquetRows.ReadRowGroupsAsync<FmriRow>(fmriPath, cancellationToken).ConfigureAwait(false))
        {
            foreach (var row in group.Where(r => r.TrIndex < trs))
            {
                if (!sums.TryGetValue(row.Subject, out var acc))
                {
                    sums[row.Subject] = acc = (Enumerable.Range(0, trs).Select(_ => new double[row.Voxels.Count]).ToArray(), new int[trs]);
                }

                for (var v = 0; v < row.Voxels.Count; v++)
                {
                    acc.Sum[row.TrIndex][v] += row.Voxels[v];
                }

                acc.Count[row.TrIndex]++;
            }
        }

        return sums.ToDictionary(
            kv => kv.Key,
            kv => kv.Value.Sum.Select((s, t) => s.Select(x => (float)(x / Math.Max(1, kv.Value.Count[t]))).ToArray()).ToArray());
    }
}
