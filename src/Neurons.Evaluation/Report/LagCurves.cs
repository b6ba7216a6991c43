using System.Globalization;
using Neurons.Data.Fmri;

namespace Neurons.Evaluation.Report;

/// <summary>
/// The fmri-lag curve of each subject, as <c>pipeline fmri-lag</c> computes it: the clips' frame change as
/// the regressor, each subject's repeat-averaged responses per segment, <see cref="LagAnalysis.Score"/>.
/// </summary>
public static class LagCurves
{
    /// <summary>Returns one plot per subject of the mean r² per lag.</summary>
    /// <param name="shards">Per dataset segment, its <c>clips</c> shard and its <c>fmri</c> shard.</param>
    /// <param name="maxLag">The largest lag scored, in TRs either way.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public static async Task<IReadOnlyList<ReportPlot>> BuildAsync(IEnumerable<(string ClipsPath, string FmriPath)> shards, int maxLag, CancellationToken cancellationToken)
    {
        var perSubject = await LagSegments.ReadAsync(shards, cancellationToken).ConfigureAwait(false);
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
}
