namespace Neurons.Evaluation.Report;

/// <summary>One line of a plot.</summary>
/// <param name="Name">The legend label.</param>
/// <param name="X">The x values.</param>
/// <param name="Y">The y values, as many as <paramref name="X"/>.</param>
public sealed record PlotSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y);
