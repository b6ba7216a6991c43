namespace Neurons.Evaluation.Report;

/// <summary>The task maps on the cortex of one subject: names, files and their correlation.</summary>
/// <param name="Subject">The 1-based subject.</param>
/// <param name="Names">The map names (one per sub-task head).</param>
/// <param name="Correlation">Pearson correlation between the maps over vertices, [i][j].</param>
/// <param name="File">The CIFTI file, relative to the report.</param>
/// <param name="Estimator">How the maps were estimated, in one sentence.</param>
public sealed record TaskMapSummary(int Subject, IReadOnlyList<string> Names, IReadOnlyList<IReadOnlyList<double>> Correlation, string File, string Estimator)
{
    /// <summary>Gets the per-vertex table (CSV), relative to the report, or empty.</summary>
    public string Table { get; init; } = string.Empty;

    /// <summary>Gets the number of clips averaged.</summary>
    public int Clips { get; init; }

    /// <summary>Gets the grayordinates of the CIFTI file (the runs' cortical vertices).</summary>
    public int Vertices { get; init; }

    /// <summary>Gets the vertices the model reads (the mask's); the others are 0 in the file.</summary>
    public int Kept { get; init; }
}
