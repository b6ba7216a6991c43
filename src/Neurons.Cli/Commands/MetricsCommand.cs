using System.CommandLine;
using Neurons.Cli.Hosting;
using Neurons.Cli.Reporting;
using Neurons.Engine.Workspace;
using Neurons.Evaluation.Summary;
using Spectre.Console;

namespace Neurons.Cli.Commands;

/// <summary>
/// <c>pipeline metrics</c>: prints the summary of the committed <c>metrics</c> table (written by the
/// <c>evaluate</c> stage) per subject and averaged, each number beside its permutation null and p-value,
/// next to the numbers the NEURONS paper reports, with the N-way chance level: plain aligned text, every
/// column when the output is not a terminal, the most important ones that fit when it is.
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
            // Only the workspace is read: no dataset or stage graph is needed to print a committed table.
            var store = new ShardStore(SessionLoader.LoadConfig(parse.GetValue(common.Config)!, parse.GetValue(common.Profile)).Workspace);
            var sidecar = store.TryRead("metrics", "all");
            if (sidecar is null)
            {
                Console.Error.WriteLine($"error: no committed metrics table under {store.Root}; run `pipeline run --stage evaluate` first");
                return Task.FromResult(ExitCodes.StageFailed);
            }

            if (sidecar.Metadata["summary"] is not System.Text.Json.Nodes.JsonObject summaryJson)
            {
                Console.Error.WriteLine($"error: {store.SidecarPath("metrics", "all")} has no metadata.summary");
                return Task.FromResult(ExitCodes.StageFailed);
            }

            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(summaryJson.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
                return Task.FromResult(ExitCodes.Success);
            }

            Render(Console.Out, MetricSummary.FromJson(summaryJson), PaperNumbers.Load(), TerminalWidth());
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    /// <summary>
    /// Writes the summary table (per subject, then the mean over subjects, each metric beside its permutation
    /// null and one-sided p), the footnotes of the paper's numbers, their citation and the run's notes.
    /// </summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="summary">The committed summary.</param>
    /// <param name="paper">The paper's numbers.</param>
    /// <param name="width">The terminal's width, or null when the output is not a terminal (every column, unbounded lines).</param>
    internal static void Render(TextWriter writer, MetricSummary summary, PaperNumbers paper, int? width) =>
        MetricsTableWriter.Write(writer, MetricsTable.Build(summary, paper), width);

    /// <summary>The width to fit: the terminal's, or null (no limit) when standard output is redirected.</summary>
    private static int? TerminalWidth() => Console.IsOutputRedirected ? null : AnsiConsole.Profile.Width;
}
