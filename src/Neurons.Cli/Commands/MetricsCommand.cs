using System.CommandLine;
using System.Globalization;
using Neurons.Cli.Hosting;
using Neurons.Evaluation.Summary;
using Spectre.Console;

namespace Neurons.Cli.Commands;

/// <summary>
/// <c>pipeline metrics</c>: prints the summary of the committed <c>metrics</c> table (written by the
/// <c>evaluate</c> stage) per subject and averaged, each number beside its permutation null and p-value,
/// next to the numbers the NEURONS paper reports, with the N-way chance level.
/// </summary>
internal static class MetricsCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var json = new Option<bool>("--json") { Description = "Print the summary JSON instead of a table." };
        var command = new Command("metrics", "Show the evaluation summary (metrics table) next to the paper's numbers and the N-way chance level.");
        common.AddTo(command);
        command.Options.Add(json);
        command.SetAction((parse, _) => CommandErrors.GuardAsync(() =>
        {
            var session = SessionLoader.Open(parse.GetValue(common.Config)!, parse.GetValue(common.Profile), generateDataset: false);
            var sidecar = session.Store.TryRead("metrics", "all");
            if (sidecar is null)
            {
                Console.Error.WriteLine($"error: no committed metrics table under {session.Store.Root}; run `pipeline run --stage evaluate` first");
                return Task.FromResult(ExitCodes.StageFailed);
            }

            if (sidecar.Metadata["summary"] is not System.Text.Json.Nodes.JsonObject summaryJson)
            {
                Console.Error.WriteLine($"error: {session.Store.SidecarPath("metrics", "all")} has no metadata.summary");
                return Task.FromResult(ExitCodes.StageFailed);
            }

            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(summaryJson.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
                return Task.FromResult(ExitCodes.Success);
            }

            Render(AnsiConsole.Console, MetricSummary.FromJson(summaryJson), PaperNumbers.Load());
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    /// <summary>
    /// Writes the summary table (per subject, then the mean over subjects, each metric beside its permutation
    /// null and one-sided p), the paper's source line and the run's notes.
    /// </summary>
    internal static void Render(IAnsiConsole console, MetricSummary summary, PaperNumbers paper)
    {
        var table = new Table()
            .Title($"metrics ({Markup.Escape(summary.Comparison)})")
            .AddColumns("prediction", "subject", "metric", "variant", "ours", "±", "null mean ± std", "p", "n", "chance", "NEURONS", "NeuroClips", "paper source");
        var order = summary.Entries.Select((e, i) => (e, i)).ToList();
        var firstIndex = order.GroupBy(p => (p.e.Prediction, p.e.Metric, p.e.Variant)).ToDictionary(g => g.Key, g => g.Min(p => p.i));
        foreach (var (e, _) in order
            .OrderBy(p => firstIndex[(p.e.Prediction, p.e.Metric, p.e.Variant)])
            .ThenBy(p => p.e.Subject == 0 ? int.MaxValue : p.e.Subject))
        {
            var reference = paper.Find(e.Metric, e.Variant);
            if (e.Metric == "concept_recall" && reference is null && e.Count == 0)
            {
                continue; // concepts without positives are 0 by the authors' rule; the table keeps them
            }

            table.AddRow(
                Markup.Escape(e.Prediction),
                e.Subject > 0 ? e.Subject.ToString(CultureInfo.InvariantCulture) : summary.Comparison == "gt_vs_gt" ? "-" : "mean",
                Markup.Escape(e.Metric),
                Markup.Escape(e.Variant),
                Format(e.Value),
                Format(e.Std),
                double.IsFinite(e.NullMean) ? $"{Format(e.NullMean)} ± {Format(e.NullStd)}" : string.Empty,
                FormatP(e.PValue),
                e.Count.ToString(CultureInfo.InvariantCulture),
                e.ChanceLevel is { } c ? Format(c) : string.Empty,
                Format(reference?.Neurons),
                Format(reference?.NeuroClips),
                Markup.Escape(reference?.Where ?? string.Empty));
        }

        console.Write(table);
        console.MarkupLine($"[grey]{Markup.Escape(paper.Source)}[/]");
        foreach (var note in summary.Notes)
        {
            console.MarkupLine($"note: {Markup.Escape(note)}");
        }
    }

    private static string FormatP(double p) =>
        double.IsFinite(p) ? (p < 0.001 ? p.ToString("0.0e0", CultureInfo.InvariantCulture) : p.ToString("0.000", CultureInfo.InvariantCulture)) : string.Empty;

    private static string Format(double? value) =>
        value is { } v && double.IsFinite(v) ? v.ToString("0.0000", CultureInfo.InvariantCulture) : string.Empty;
}
