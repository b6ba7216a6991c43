namespace Neurons.Evaluation.Report;

/// <summary>One row of the report's Metrics table (the <c>pipeline metrics</c> entries).</summary>
public sealed record MetricLine
{
    /// <summary>Gets the subject (0: not per subject, e.g. the sanity run).</summary>
    public int Subject { get; init; }

    /// <summary>Gets what was scored (<c>decoded</c>, <c>generated</c>, or empty for the sanity run).</summary>
    public string Prediction { get; init; } = string.Empty;

    /// <summary>Gets the metric name.</summary>
    public required string Metric { get; init; }

    /// <summary>Gets the variant.</summary>
    public string Variant { get; init; } = string.Empty;

    /// <summary>Gets the value.</summary>
    public double Value { get; init; } = double.NaN;

    /// <summary>Gets the reported "±".</summary>
    public double Std { get; init; } = double.NaN;

    /// <summary>Gets the mean of the permutation null (NaN where none).</summary>
    public double NullMean { get; init; } = double.NaN;

    /// <summary>Gets the permutation p-value (NaN where none).</summary>
    public double P { get; init; } = double.NaN;

    /// <summary>Gets the chance level (NaN where none).</summary>
    public double Chance { get; init; } = double.NaN;

    /// <summary>Gets the paper's number (NaN where none).</summary>
    public double Paper { get; init; } = double.NaN;
}
