using System.Text.Json;
using System.Text.Json.Serialization;

namespace Neurons.Evaluation.Summary;

/// <summary>The paper's reported metrics, read from the embedded <c>paper-metrics.json</c>.</summary>
public sealed record PaperNumbers
{
    /// <summary>Gets the citation of the numbers.</summary>
    [JsonPropertyName("source")]
    public string Source { get; init; } = string.Empty;

    /// <summary>Gets the entries.</summary>
    [JsonPropertyName("entries")]
    public IReadOnlyList<PaperNumber> Entries { get; init; } = [];

    /// <summary>Loads the embedded data file.</summary>
    public static PaperNumbers Load()
    {
        using var stream = typeof(PaperNumbers).Assembly.GetManifestResourceStream("Neurons.Evaluation.Summary.paper-metrics.json")
            ?? throw new InvalidOperationException("embedded resource paper-metrics.json is missing");
        return JsonSerializer.Deserialize<PaperNumbers>(stream)
            ?? throw new InvalidDataException("paper-metrics.json is empty");
    }

    /// <summary>Returns the paper's entry for a metric and variant, or null.</summary>
    public PaperNumber? Find(string metric, string variant) =>
        Entries.FirstOrDefault(e => e.Metric == metric && e.Variant == variant);
}
