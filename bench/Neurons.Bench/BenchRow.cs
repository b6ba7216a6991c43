using System.Text.Json.Serialization;

namespace Neurons.Bench;

/// <summary>
/// One measured figure: the value, the physical limit (or bare baseline) measured in the same run, their ratio
/// and the machine's 1-minute load average when the figure was taken.
/// </summary>
/// <param name="Measure">What was measured.</param>
/// <param name="Value">The measured value.</param>
/// <param name="Unit">The value's unit.</param>
/// <param name="Limit">What the value is compared with (measured in the same run), or null.</param>
/// <param name="LimitValue">The comparison's value in the same unit, or null.</param>
/// <param name="Ratio">Value ÷ limit for throughputs (higher is better) or as stated in <paramref name="Aim"/>; null when there is no comparison.</param>
/// <param name="Aim">The aim for this figure, or null.</param>
/// <param name="LoadAverage">The 1-minute load average read right after the measurement.</param>
internal sealed record BenchRow(
    [property: JsonPropertyName("measure")] string Measure,
    [property: JsonPropertyName("value")] double Value,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("limit")] string? Limit,
    [property: JsonPropertyName("limit_value")] double? LimitValue,
    [property: JsonPropertyName("ratio")] double? Ratio,
    [property: JsonPropertyName("aim")] string? Aim,
    [property: JsonPropertyName("load_average")] double LoadAverage)
{
    /// <summary>A throughput against a limit in the same unit: ratio = value ÷ limit.</summary>
    public static BenchRow Throughput(string measure, double value, string unit, string limit, double limitValue, string? aim = null) =>
        new(measure, value, unit, limit, limitValue, limitValue > 0 ? value / limitValue : null, aim, Machine.LoadAverage());

    /// <summary>A figure without a same-run comparison.</summary>
    public static BenchRow Figure(string measure, double value, string unit, string? aim = null) =>
        new(measure, value, unit, null, null, null, aim, Machine.LoadAverage());
}
