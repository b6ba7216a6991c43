using Neurons.Cli.Reporting;
using Neurons.Evaluation.Summary;

namespace Neurons.Cli.Tests.Reporting;

public sealed class MetricsTableWriterTests
{
    private static readonly MetricSummary Summary = new(
        "pred_vs_gt",
        [
            new SummaryEntry("psnr", string.Empty, 16.088765590879056, 0.9730636040778365, 24, null, 1, 16.090388320054945, 0.002273143192683825, 0.7128712871287128, 100, "decoded"),
            new SummaryEntry("video_nway", "n=50", 1.0, 0.0, 24, 3.0 / 52, 1, 1.0, 0.0, 1.0, 100, "decoded"),
            new SummaryEntry("concept_recall", "climate/atmosphere component", 0.5, double.NaN, 2, null, 1, 0.25, 0.125, 0.0004, 100, "decoded"),
            new SummaryEntry("video_nway", "n=50", 0.3575, 0.0256, 24, 3.0 / 52, 1, 0.3575, 0.0, 1.0, 100, "generated"),
        ],
        []);

    [Fact]
    public void Write_WithA80ColumnTerminal_LeavesOutColumnsInsteadOfWrappingAndSaysWhich()
    {
        // Given the table for an 80-column terminal
        var writer = new StringWriter();

        // When written
        MetricsTableWriter.Write(writer, MetricsTable.Build(Summary, PaperNumbers.Load()), 80);
        var lines = writer.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToList();

        // Then every table line fits, the kept columns are subject, metric, variant (cut to the 20 characters
        // left), value, null and p (the prediction becomes a heading above its rows), and each number stays
        // whole on its row's line
        var table = lines.TakeWhile(l => !l.StartsWith("left out", StringComparison.Ordinal)).ToList();
        Assert.All(table, l => Assert.True(l.Length <= 80, $"{l.Length} characters: '{l}'"));
        Assert.Equal(["subject", "metric", "variant", "value", "null", "mean", "±", "std", "p"], table[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("decoded:", table[3]);
        Assert.Equal(["1", "psnr", "16.0888", "16.0904", "±", "0.0023", "0.713"], table[4].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["1", "video_nway", "n=50", "1.0000", "1.0000", "±", "0.0000", "1.000"], table[5].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["1", "concept_recall", "climate/atmosphere…", "0.5000", "0.2500", "±", "0.1250", "4.0e-4"], table[6].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("generated:", table[7]);
        Assert.Equal(["1", "video_nway", "n=50", "0.3575", "0.3575", "±", "0.0000", "1.000"], table[8].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(9, table.Count);
        Assert.Equal(
            "left out to fit 80 columns: prediction, paper source, NeuroClips, chance, ±, n, NEURONS; `pipeline metrics | cat` shows every column, --json the summary",
            lines[table.Count]);
        Assert.DoesNotContain(lines, l => l.StartsWith("[1]", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_WithA60ColumnTerminal_LeavesOutTheNullAndCutsTheVariantNotTheNumbers()
    {
        // Given a 60-column terminal: subject, metric, value and p take 42 with their separators
        var writer = new StringWriter();

        // When written
        MetricsTableWriter.Write(writer, MetricsTable.Build(Summary, PaperNumbers.Load()), 60);
        var row = writer.ToString().Split('\n').Single(l => l.Contains("concept_recall", StringComparison.Ordinal)).TrimEnd('\r');

        // Then the 28-character concept name is cut with an ellipsis to the 18 characters left, and the numbers are whole
        Assert.Equal(["1", "concept_recall", "climate/atmospher…", "0.5000", "4.0e-4"], row.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(60, row.Length);
        Assert.Contains("left out to fit 60 columns: prediction, paper source, NeuroClips, chance, ±, n, NEURONS, null mean ± std;", writer.ToString(), StringComparison.Ordinal);
    }
}
