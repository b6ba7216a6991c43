using System.Globalization;
using Neurons.Data.Fmri;
using Neurons.Data.Tables;
using Neurons.Engine.Stages;
using Neurons.Evaluation.Report;

namespace Neurons.Stages.Report;

/// <summary>
/// The fmri-lag curve of each subject, as <c>pipeline fmri-lag</c> computes it: the clips' frame change as
/// the regressor, each subject's repeat-averaged responses per segment, <see cref="LagAnalysis.Score"/>.
/// </summary>
internal static class LagCurves
{
    public static async Task<IReadOnlyList<ReportPlot>> BuildAsync(StageContext context, int maxLag, CancellationToken cancellationToken)
    {
        var clips = context.Input("clips").ToDictionary(s => s.Shard.Name, StringComparer.Ordinal);
        var perSubject = new SortedDictionary<int, List<(double[] Regressor, float[][] Responses)>>();
        foreach (var shard in context.Input("fmri").Where(s => clips.ContainsKey(s.Shard.Name)))
        {
            var regressor = await RegressorAsync(clips[shard.Shard.Name].Path, cancellationToken).ConfigureAwait(false);
            foreach (var (subject, responses) in await MeanResponsesAsync(shard.Path, regressor.Length, cancellationToken).ConfigureAwait(false))
            {
                if (!perSubject.TryGetValue(subject, out var list))
                {
                    perSubject[subject] = list = [];
                }

                list.Add((regressor, responses));
            }
        }

        var plots = new List<ReportPlot>();
        foreach (var (subject, segments) in perSubject)
        {
            var scores = LagAnalysis.Score(segments, maxLag);
            plots.Add(new ReportPlot
            {
                File = string.Create(CultureInfo.InvariantCulture, $"fmri-lag-s{subject}.png"),
                Title = string.Create(CultureInfo.InvariantCulture, $"fmri-lag, subject {subject}: frame change vs response (best {LagAnalysis.Best(scores):+0;-0;0} TRs)"),
                XLabel = "lag (TRs from the current pairing)",
                YLabel = "mean r²",
                Subject = subject,
                Section = "fmri",
                Series = [new PlotSeries("mean r²", [.. scores.Select(s => (double)s.Lag)], [.. scores.Select(s => s.MeanR2)])],
            });
        }

        return plots;
    }

    private static async Task<double[]> RegressorAsync(string clipsPath, CancellationToken cancellationToken)
    {
        var values = new SortedDictionary<int, double>();
        await foreach (var group in ParquetRows.ReadRowGroupsAsync<ClipRow>(clipsPath, cancellationToken).ConfigureAwait(false))
        {
            foreach (var clip in group)
            {
                values[clip.TrIndex] = LagAnalysis.FrameChange(clip.Frames, ClipRow.FrameCount);
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
