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
        var perSubject = await LagSegments.ReadAsync(
            context.Input("fmri").Where(s => clips.ContainsKey(s.Shard.Name)).Select(s => (clips[s.Shard.Name].Path, s.Path)),
            cancellationToken).ConfigureAwait(false);

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
