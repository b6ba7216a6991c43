using System.Globalization;
using Neurons.Cli.Hosting;
using Neurons.Engine.Scheduling;
using Spectre.Console;

namespace Neurons.Cli.Reporting;

/// <summary>Prints the end-of-run summary and the dry-run plan, and maps outcomes to exit codes.</summary>
internal static class RunReportPrinter
{
    public static int PrintRun(RunOutcome outcome)
    {
        if (outcome.Crash is { } crash)
        {
            Console.Error.WriteLine($"error: the run stopped unexpectedly: {crash.GetType().Name}: {crash.Message}");
            return ExitCodes.StageFailed;
        }

        var results = outcome.Results;
        var table = new Table().AddColumns("stage", "ran", "up to date", "failed", "blocked", "rows written", "seconds");
        foreach (var group in results.GroupBy(r => r.Item.Stage.Name))
        {
            table.AddRow(
                Markup.Escape(group.Key),
                Count(group, ItemOutcome.Succeeded),
                Count(group, ItemOutcome.Skipped),
                Count(group, ItemOutcome.Failed),
                Count(group, ItemOutcome.Blocked),
                group.Sum(r => r.Rows).ToString(CultureInfo.InvariantCulture),
                group.Sum(r => r.Seconds).ToString("F1", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        foreach (var failure in results.Where(r => r.Outcome is ItemOutcome.Failed or ItemOutcome.Blocked))
        {
            Console.Error.WriteLine($"{(failure.Outcome == ItemOutcome.Failed ? "failed" : "blocked")}: {failure.Item.Id}: {failure.Message}");
        }

        var code = ExitCode(outcome);
        if (code == ExitCodes.Cancelled)
        {
            Console.Error.WriteLine("cancelled: nothing half-written was committed; run again to resume");
        }

        return code;
    }

    /// <summary>The exit code of a finished run: crashed or any item failed or blocked 1, cancelled 130, else 0.</summary>
    public static int ExitCode(RunOutcome outcome) =>
        outcome.Crash is not null ? ExitCodes.StageFailed
        : outcome.Cancelled || outcome.Results.Any(r => r.Outcome == ItemOutcome.Cancelled) ? ExitCodes.Cancelled
        : outcome.Results.Any(r => r.Outcome is ItemOutcome.Failed or ItemOutcome.Blocked) ? ExitCodes.StageFailed
        : ExitCodes.Success;

    public static int PrintDryRun(IReadOnlyList<ItemResult> plan)
    {
        var table = new Table().AddColumns("work item", "action", "why");
        foreach (var item in plan)
        {
            var action = item.Outcome switch
            {
                ItemOutcome.Succeeded => "[yellow]run[/]",
                ItemOutcome.Skipped => "[green]skip[/]",
                _ => "[red]blocked[/]",
            };
            table.AddRow(Markup.Escape(item.Item.Id), action, Markup.Escape(item.Message));
        }

        AnsiConsole.Write(table);
        var toRun = plan.Count(p => p.Outcome == ItemOutcome.Succeeded);
        AnsiConsole.WriteLine($"{toRun} of {plan.Count} work items would run.");
        return ExitCodes.Success;
    }

    private static string Count(IEnumerable<ItemResult> results, ItemOutcome outcome) =>
        results.Count(r => r.Outcome == outcome).ToString(CultureInfo.InvariantCulture);
}
