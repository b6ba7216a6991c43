namespace Neurons.Evaluation.Report;

/// <summary>A line plot the report renders as a PNG with ScottPlot.</summary>
public sealed record ReportPlot
{
    /// <summary>Gets the file name of the image (unique within the report, e.g. <c>train-s1-loss.png</c>).</summary>
    public required string File { get; init; }

    /// <summary>Gets the plot title.</summary>
    public required string Title { get; init; }

    /// <summary>Gets the x-axis label.</summary>
    public string XLabel { get; init; } = "epoch";

    /// <summary>Gets the y-axis label.</summary>
    public string YLabel { get; init; } = string.Empty;

    /// <summary>Gets the subject the plot belongs to (0 for none).</summary>
    public int Subject { get; init; }

    /// <summary>Gets the section the plot belongs to (<c>fmri</c>, <c>training</c>).</summary>
    public required string Section { get; init; }

    /// <summary>Gets the lines.</summary>
    public required IReadOnlyList<PlotSeries> Series { get; init; }
}
