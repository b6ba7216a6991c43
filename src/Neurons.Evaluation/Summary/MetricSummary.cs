using System.Globalization;
using System.Text.Json.Nodes;
using Neurons.Data.Tables;
using Neurons.Evaluation.Classification;

namespace Neurons.Evaluation.Summary;

/// <summary>The aggregate metrics of one evaluation run: what the <c>metrics</c> sidecar holds under <c>summary</c> and what <c>pipeline metrics</c> prints.</summary>
/// <param name="Comparison"><c>gt_vs_gt</c> or <c>pred_vs_gt</c>.</param>
/// <param name="Entries">The aggregated metrics, in table order.</param>
/// <param name="Notes">Why a metric is missing, and the policies applied (e.g. the PSNR cap).</param>
public sealed record MetricSummary(string Comparison, IReadOnlyList<SummaryEntry> Entries, IReadOnlyList<string> Notes)
{
    /// <summary>Builds the summary from the aggregate rows of a <c>metrics</c> table.</summary>
    public static MetricSummary FromRows(IEnumerable<MetricRow> rows, IReadOnlyList<string> notes)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var aggregates = rows.Where(r => r.Level == MetricRow.AggregateLevel).ToList();
        var comparison = aggregates.Select(r => r.Comparison).FirstOrDefault() ?? string.Empty;
        var entries = aggregates
            .Select(r => new SummaryEntry(r.Metric, r.Variant, r.Value, r.Std, r.Count, ChanceOf(r.Metric, r.Variant), r.Subject, r.NullMean, r.NullStd, r.PValue, r.NullPermutations, r.Prediction))
            .ToList();
        return new MetricSummary(comparison, entries, notes);
    }

    /// <summary>Reads a summary written by <see cref="ToJson"/>.</summary>
    /// <exception cref="InvalidDataException">The JSON lacks a field.</exception>
    public static MetricSummary FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var entries = (json["entries"] as JsonArray ?? throw new InvalidDataException("summary has no 'entries'"))
            .Select(e => e as JsonObject ?? throw new InvalidDataException("summary entry is not an object"))
            .Select(e => new SummaryEntry(
                (string?)e["metric"] ?? string.Empty,
                (string?)e["variant"] ?? string.Empty,
                (double?)e["value"] ?? double.NaN,
                (double?)e["std"] ?? double.NaN,
                (int?)e["count"] ?? 0,
                (double?)e["chance"],
                (int?)e["subject"] ?? 0,
                (double?)e["null_mean"] ?? double.NaN,
                (double?)e["null_std"] ?? double.NaN,
                (double?)e["p"] ?? double.NaN,
                (int?)e["permutations"] ?? 0,
                (string?)e["prediction"] ?? string.Empty))
            .ToList();
        var notes = (json["notes"] as JsonArray)?.Select(n => (string?)n ?? string.Empty).ToList() ?? [];
        return new MetricSummary((string?)json["comparison"] ?? string.Empty, entries, notes);
    }

    /// <summary>Returns the chance level of an N-way metric (variant <c>n=K</c>), else null.</summary>
    public static double? ChanceOf(string metric, string variant)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(variant);
        return metric.EndsWith("nway", StringComparison.Ordinal)
            && variant.StartsWith("n=", StringComparison.Ordinal)
            && int.TryParse(variant.AsSpan(2), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            && n >= 2
            ? NWayTopOne.ChanceLevel(n)
            : null;
    }

    /// <summary>Serialises the summary; NaN becomes null.</summary>
    public JsonObject ToJson()
    {
        var entries = new JsonArray();
        foreach (var e in Entries)
        {
            entries.Add(new JsonObject
            {
                ["metric"] = e.Metric,
                ["variant"] = e.Variant,
                ["value"] = Number(e.Value),
                ["std"] = Number(e.Std),
                ["count"] = e.Count,
                ["chance"] = e.ChanceLevel is { } c ? Number(c) : null,
                ["subject"] = e.Subject,
                ["prediction"] = e.Prediction,
                ["null_mean"] = Number(e.NullMean),
                ["null_std"] = Number(e.NullStd),
                ["p"] = Number(e.PValue),
                ["permutations"] = e.Permutations,
            });
        }

        return new JsonObject
        {
            ["comparison"] = Comparison,
            ["entries"] = entries,
            ["notes"] = new JsonArray(Notes.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
        };
    }

    private static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;
}
