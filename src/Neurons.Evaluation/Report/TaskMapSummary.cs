namespace Neurons.Evaluation.Report;

/// <summary>The task maps on the cortex of one subject: names, files and their correlation.</summary>
/// <param name="Subject">The 1-based subject.</param>
/// <param name="Names">The map names (one per sub-task head).</param>
/// <param name="Correlation">Pearson correlation between the maps over vertices, [i][j].</param>
/// <param name="File">The CIFTI file, relative to the report.</param>
/// <param name="Estimator">How the maps were estimated, in one sentence.</param>
public sealed record TaskMapSummary(int Subject, IReadOnlyList<string> Names, IReadOnlyList<IReadOnlyList<double>> Correlation, string File, string Estimator);
