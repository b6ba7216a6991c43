using System.Text.Json.Serialization;

namespace Neurons.Evaluation.Summary;

/// <summary>A number the NEURONS paper reports for one metric (null where the paper gives none).</summary>
public sealed record PaperNumber
{
    /// <summary>Gets the metric key (as in the <c>metrics</c> table).</summary>
    [JsonPropertyName("metric")]
    public string Metric { get; init; } = string.Empty;

    /// <summary>Gets the variant key.</summary>
    [JsonPropertyName("variant")]
    public string Variant { get; init; } = string.Empty;

    /// <summary>Gets NEURONS's value (the 3-subject average where the paper gives one).</summary>
    [JsonPropertyName("neurons")]
    public double? Neurons { get; init; }

    /// <summary>Gets NEURONS's subject-1 value, where it differs from the average.</summary>
    [JsonPropertyName("subject1")]
    public double? Subject1 { get; init; }

    /// <summary>Gets NeuroClips's value in the same table.</summary>
    [JsonPropertyName("neuroclips")]
    public double? NeuroClips { get; init; }

    /// <summary>Gets where in the paper the number is.</summary>
    [JsonPropertyName("where")]
    public string Where { get; init; } = string.Empty;
}
