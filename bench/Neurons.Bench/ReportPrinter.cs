using System.Globalization;
using Spectre.Console;

namespace Neurons.Bench;

/// <summary>Prints a <see cref="BenchReport"/> as a Spectre.Console table.</summary>
internal static class ReportPrinter
{
    public static void Print(IAnsiConsole console, BenchReport report)
    {
        var table = new Table { Title = new TableTitle($"[bold]{Markup.Escape(report.Name)}[/]: {Markup.Escape(report.Title)}") };
        table.AddColumn("measure");
        table.AddColumn(new TableColumn("value").RightAligned());
        table.AddColumn("unit");
        table.AddColumn("limit / baseline (same run)");
        table.AddColumn(new TableColumn("limit").RightAligned());
        table.AddColumn(new TableColumn("ratio").RightAligned());
        table.AddColumn("aim");
        table.AddColumn(new TableColumn("load 1m").RightAligned());
        foreach (var row in report.Rows)
        {
            table.AddRow(
                Markup.Escape(row.Measure),
                Format(row.Value),
                Markup.Escape(row.Unit),
                Markup.Escape(row.Limit ?? string.Empty),
                row.LimitValue is { } l ? Format(l) : string.Empty,
                row.Ratio is { } r ? r.ToString("F3", CultureInfo.InvariantCulture) : string.Empty,
                Markup.Escape(row.Aim ?? string.Empty),
                row.LoadAverage.ToString("F2", CultureInfo.InvariantCulture));
        }

        console.Write(table);
        foreach (var note in report.Notes)
        {
            console.MarkupLine($"  [grey]{Markup.Escape(note)}[/]");
        }

        var start = string.Join(" ", report.LoadAverageAtStart.Select(v => v.ToString("F2", CultureInfo.InvariantCulture)));
        var end = string.Join(" ", report.LoadAverageAtEnd.Select(v => v.ToString("F2", CultureInfo.InvariantCulture)));
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"  {report.Started:yyyy-MM-dd HH:mm} UTC, {report.Seconds:F1} s; load average (1/5/15 min) {start} at start, {end} at end")));
        console.MarkupLine($"  [grey]{Markup.Escape(report.MachineDescription)}[/]");
        console.WriteLine();
    }

    private static string Format(double value) =>
        double.IsNaN(value) ? "n/a"
        : Math.Abs(value) >= 1000 ? value.ToString("N0", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 10 ? value.ToString("F1", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 0.01 || value == 0 ? value.ToString("F3", CultureInfo.InvariantCulture)
        : value.ToString("G3", CultureInfo.InvariantCulture);
}
