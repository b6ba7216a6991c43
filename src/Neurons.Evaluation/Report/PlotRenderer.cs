using ScottPlot;

namespace Neurons.Evaluation.Report;

/// <summary>Renders a <see cref="ReportPlot"/> to a PNG with ScottPlot 5 (non-finite points are left out).</summary>
internal static class PlotRenderer
{
    public const int Width = 640;
    public const int Height = 360;

    /// <summary>Writes the plot; returns false (and writes nothing) when no series has a finite point.</summary>
    public static bool Render(ReportPlot plot, string path)
    {
        using var figure = new Plot();
        var any = false;
        foreach (var series in plot.Series)
        {
            var points = series.X.Zip(series.Y).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second)).ToList();
            if (points.Count == 0)
            {
                continue;
            }

            var line = figure.Add.Scatter(points.Select(p => p.First).ToArray(), points.Select(p => p.Second).ToArray());
            line.LegendText = series.Name;
            line.MarkerSize = points.Count == 1 ? 6 : 2;
            any = true;
        }

        if (!any)
        {
            return false;
        }

        figure.Title(plot.Title);
        figure.XLabel(plot.XLabel);
        figure.YLabel(plot.YLabel);
        figure.ShowLegend(Alignment.UpperRight);
        figure.SavePng(path, Width, Height);
        return true;
    }
}
