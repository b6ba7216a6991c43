using System.Text.Encodings.Web;
using System.Text.Json;
using Neurons.Cli.Hosting;
using Neurons.Engine.Scheduling;

namespace Neurons.Cli.Reporting;

/// <summary>
/// The machine-readable summaries of <c>pipeline run --json</c> (per stage: status, work items, rows, time, outputs)
/// and <c>pipeline run --dry-run --json</c> (per work item: run, skip or blocked, and why). Field names are
/// snake_case; the format is documented in README.md.
/// </summary>
internal static class RunJsonWriter
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the summary of a finished run.</summary>
    /// <param name="output">Where the JSON goes (standard output).</param>
    /// <param name="session">The run's session (for the workspace and the output paths).</param>
    /// <param name="outcome">What the run produced.</param>
    /// <param name="exitCode">The exit code the command returns.</param>
    /// <param name="seconds">The run's wall time in seconds.</param>
    /// <param name="logFile">The run's log file.</param>
    public static void WriteRun(TextWriter output, PipelineSession session, RunOutcome outcome, int exitCode, double seconds, string logFile)
    {
        var results = outcome.Results;
        var summary = new
        {
            status = outcome.Crash is not null ? "crashed"
                : exitCode == ExitCodes.Cancelled ? "cancelled"
                : exitCode == ExitCodes.Success ? "succeeded" : "failed",
            exit_code = exitCode,
            error = outcome.Crash is { } crash ? $"{crash.GetType().Name}: {crash.Message}" : null,
            seconds = Math.Round(seconds, 3),
            workspace = session.Config.Workspace,
            log = logFile,
            work_items = Counts(results),
            stages = results.GroupBy(r => r.Item.Stage.Name).Select(group => new
            {
                stage = group.Key,
                status = StageStatus(group.ToList()),
                work_items = Counts(group.ToList()),
                rows = group.Sum(r => r.Rows),
                seconds = Math.Round(group.Sum(r => r.Seconds), 3),
                outputs = group.First().Item.Stage.Outputs,
                items = group.Select(r => new
                {
                    id = r.Item.Id,
                    shard = r.Item.Shard.Name,
                    outcome = Outcome(r.Outcome),
                    message = r.Message,
                    rows = r.Rows,
                    seconds = Math.Round(r.Seconds, 3),
                    outputs = r.Outcome is ItemOutcome.Succeeded or ItemOutcome.Skipped
                        ? r.Item.Stage.Outputs.Select(t => session.Store.DataPath(t, r.Item.Shard.Name)).ToList()
                        : [],
                }),
            }),
        };
        output.WriteLine(JsonSerializer.Serialize(summary, Options));
    }

    /// <summary>Writes what a run would do, without running anything.</summary>
    /// <param name="output">Where the JSON goes (standard output).</param>
    /// <param name="plan">The dry run's verdict per work item (Succeeded = would run).</param>
    public static void WriteDryRun(TextWriter output, IReadOnlyList<ItemResult> plan)
    {
        var summary = new
        {
            would_run = plan.Count(p => p.Outcome == ItemOutcome.Succeeded),
            up_to_date = plan.Count(p => p.Outcome == ItemOutcome.Skipped),
            blocked = plan.Count(p => p.Outcome is not (ItemOutcome.Succeeded or ItemOutcome.Skipped)),
            work_items = plan.Count,
            stages = plan.GroupBy(p => p.Item.Stage.Name).Select(group => new
            {
                stage = group.Key,
                would_run = group.Count(p => p.Outcome == ItemOutcome.Succeeded),
                work_items = group.Count(),
                outputs = group.First().Item.Stage.Outputs,
                items = group.Select(p => new
                {
                    id = p.Item.Id,
                    shard = p.Item.Shard.Name,
                    action = DryRunAction(p.Outcome),
                    why = p.Message,
                }),
            }),
        };
        output.WriteLine(JsonSerializer.Serialize(summary, Options));
    }

    private static string DryRunAction(ItemOutcome outcome) => outcome switch
    {
        ItemOutcome.Succeeded => "run",
        ItemOutcome.Skipped => "skip",
        _ => "blocked",
    };

    private static object Counts(IReadOnlyCollection<ItemResult> results) => new
    {
        total = results.Count,
        ran = results.Count(r => r.Outcome == ItemOutcome.Succeeded),
        up_to_date = results.Count(r => r.Outcome == ItemOutcome.Skipped),
        failed = results.Count(r => r.Outcome == ItemOutcome.Failed),
        blocked = results.Count(r => r.Outcome == ItemOutcome.Blocked),
        cancelled = results.Count(r => r.Outcome == ItemOutcome.Cancelled),
    };

    private static string StageStatus(IReadOnlyCollection<ItemResult> results) =>
        results.Any(r => r.Outcome == ItemOutcome.Failed) ? "failed"
        : results.Any(r => r.Outcome == ItemOutcome.Cancelled) ? "cancelled"
        : results.Any(r => r.Outcome == ItemOutcome.Blocked) ? "blocked"
        : results.Any(r => r.Outcome == ItemOutcome.Succeeded) ? "ran"
        : "up_to_date";

    private static string Outcome(ItemOutcome outcome) => outcome switch
    {
        ItemOutcome.Succeeded => "ran",
        ItemOutcome.Skipped => "up_to_date",
        _ => outcome.ToString().ToLowerInvariant(),
    };
}
