namespace Neurons.Cli.Reporting;

/// <summary>One column of the <c>pipeline metrics</c> table.</summary>
/// <param name="Header">The header text.</param>
/// <param name="RightAligned">Whether the cells are numbers, aligned on the right.</param>
internal sealed record MetricsColumn(string Header, bool RightAligned);
