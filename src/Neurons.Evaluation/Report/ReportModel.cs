namespace Neurons.Evaluation.Report;

/// <summary>
/// Everything the HTML report shows except the gallery clips (streamed separately). A null section was
/// not available: the report says so, with <see cref="Missing"/>'s reason, instead of breaking.
/// </summary>
public sealed record ReportModel
{
    /// <summary>Gets the report title.</summary>
    public string Title { get; init; } = "NEURONS pipeline report";

    /// <summary>Gets run facts shown at the top (workspace, profile, tables and their fingerprints).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> RunFacts { get; init; } = [];

    /// <summary>Gets the Dataset section, or null.</summary>
    public DatasetSummary? Dataset { get; init; }

    /// <summary>Gets the fMRI masks per subject (empty: the section says why).</summary>
    public IReadOnlyList<FmriSubjectSummary> Fmri { get; init; } = [];

    /// <summary>Gets the plots (fMRI lag curves, training histories).</summary>
    public IReadOnlyList<ReportPlot> Plots { get; init; } = [];

    /// <summary>Gets the Metrics section rows.</summary>
    public IReadOnlyList<MetricLine> Metrics { get; init; } = [];

    /// <summary>Gets notes of the metrics summary (skipped metrics and why).</summary>
    public IReadOnlyList<string> MetricNotes { get; init; } = [];

    /// <summary>Gets the task maps per subject.</summary>
    public IReadOnlyList<TaskMapSummary> TaskMaps { get; init; } = [];

    /// <summary>Gets why a section or part is empty, by key (<c>dataset</c>, <c>fmri</c>, <c>lag</c>, <c>training</c>, <c>stage2</c>, <c>metrics</c>, <c>gallery</c>, <c>decoded</c>, <c>task_maps</c>).</summary>
    public IReadOnlyDictionary<string, string> Missing { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the subjects that get their own page.</summary>
    public IReadOnlyList<int> Subjects { get; init; } = [];
}
