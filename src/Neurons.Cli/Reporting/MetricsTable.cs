using System.Globalization;
using Neurons.Evaluation.Summary;

namespace Neurons.Cli.Reporting;

/// <summary>
/// The cells of the <c>pipeline metrics</c> table: one row per aggregated metric — per prediction, each subject
/// then their mean — with our value, its ±, the permutation null (mean ± std) and p, n, the N-way chance level,
/// the paper's NEURONS and NeuroClips numbers and a footnote marker for where in the paper they are. Rows with
/// n = 0 (concepts no evaluated clip has) are counted, not listed. <see cref="MetricsTableWriter"/> lays it out.
/// </summary>
internal sealed class MetricsTable
{
    /// <summary>The column of the prediction (<c>decoded</c>, <c>generated</c>).</summary>
    public const int PredictionColumn = 0;

    /// <summary>The column of the variant (concept names can be long).</summary>
    public const int VariantColumn = 3;

    /// <summary>The column of the ± of our value.</summary>
    public const int StdColumn = 5;

    /// <summary>The column of the permutation null (mean ± std).</summary>
    public const int NullColumn = 6;

    /// <summary>The column of n.</summary>
    public const int CountColumn = 8;

    /// <summary>The column of the N-way chance level.</summary>
    public const int ChanceColumn = 9;

    /// <summary>The column of NEURONS's number.</summary>
    public const int NeuronsColumn = 10;

    /// <summary>The column of NeuroClips's number.</summary>
    public const int NeuroClipsColumn = 11;

    /// <summary>The column of the footnote marker of the paper's source.</summary>
    public const int SourceColumn = 12;

    private MetricsTable(string title, List<string[]> rows, List<string> footnotes, int zeroCountRows, string source, IReadOnlyList<string> notes)
    {
        Title = title;
        Rows = rows;
        Footnotes = footnotes;
        ZeroCountRows = zeroCountRows;
        Source = source;
        Notes = notes;
    }

    /// <summary>Gets the 13 columns, in order.</summary>
    public static IReadOnlyList<MetricsColumn> Columns { get; } =
    [
        new("prediction", false),
        new("subject", false),
        new("metric", false),
        new("variant", false),
        new("value", true),
        new("±", true),
        new("null mean ± std", true),
        new("p", true),
        new("n", true),
        new("chance", true),
        new("NEURONS", true),
        new("NeuroClips", true),
        new("paper source", false),
    ];

    /// <summary>Gets the title line: <c>metrics (&lt;comparison&gt;)</c>.</summary>
    public string Title { get; }

    /// <summary>Gets the rows, one cell per column (empty where there is no value).</summary>
    public IReadOnlyList<string[]> Rows { get; }

    /// <summary>Gets where in the paper each number is; footnote <c>[i]</c> is entry i − 1.</summary>
    public IReadOnlyList<string> Footnotes { get; }

    /// <summary>Gets the number of entries with n = 0 left out of <see cref="Rows"/>.</summary>
    public int ZeroCountRows { get; }

    /// <summary>Gets the citation of the paper's numbers.</summary>
    public string Source { get; }

    /// <summary>Gets the run's notes (skipped metrics and why, the PSNR cap, the null).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Builds the table of a summary beside the paper's numbers.</summary>
    public static MetricsTable Build(MetricSummary summary, PaperNumbers paper)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(paper);
        var order = summary.Entries.Select((e, i) => (e, i)).ToList();
        var firstIndex = order.GroupBy(p => (p.e.Prediction, p.e.Metric, p.e.Variant)).ToDictionary(g => g.Key, g => g.Min(p => p.i));
        var rows = new List<string[]>();
        var footnotes = new List<string>();
        var zeroCount = 0;
        foreach (var (e, _) in order
            .OrderBy(p => firstIndex[(p.e.Prediction, p.e.Metric, p.e.Variant)])
            .ThenBy(p => p.e.Subject == 0 ? int.MaxValue : p.e.Subject))
        {
            if (e.Count == 0)
            {
                zeroCount++; // a concept no evaluated clip has: recall 0 by the authors' rule, no null; --json keeps it
                continue;
            }

            var reference = paper.Find(e.Metric, e.Variant);
            var marker = string.Empty;
            if (reference is { Where.Length: > 0 })
            {
                var at = footnotes.IndexOf(reference.Where);
                if (at < 0)
                {
                    footnotes.Add(reference.Where);
                    at = footnotes.Count - 1;
                }

                marker = string.Create(CultureInfo.InvariantCulture, $"[{at + 1}]");
            }

            rows.Add(
            [
                e.Prediction,
                e.Subject > 0 ? e.Subject.ToString(CultureInfo.InvariantCulture) : summary.Comparison == "gt_vs_gt" ? "-" : "mean",
                e.Metric,
                e.Variant,
                Format(e.Value),
                Format(e.Std),
                double.IsFinite(e.NullMean) ? $"{Format(e.NullMean)} ± {Format(e.NullStd)}" : string.Empty,
                FormatP(e.PValue),
                e.Count.ToString(CultureInfo.InvariantCulture),
                e.ChanceLevel is { } c ? Format(c) : string.Empty,
                Format(reference?.Neurons),
                Format(reference?.NeuroClips),
                marker,
            ]);
        }

        return new MetricsTable($"metrics ({summary.Comparison})", rows, footnotes, zeroCount, paper.Source, summary.Notes);
    }

    private static string FormatP(double p) =>
        double.IsFinite(p) ? (p < 0.001 ? p.ToString("0.0e0", CultureInfo.InvariantCulture) : p.ToString("0.000", CultureInfo.InvariantCulture)) : string.Empty;

    private static string Format(double? value) =>
        value is { } v && double.IsFinite(v) ? v.ToString("0.0000", CultureInfo.InvariantCulture) : string.Empty;
}
