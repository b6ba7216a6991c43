using System.CommandLine;
using Neurons.Cli.Doctor;
using Neurons.Cli.Reporting;
using Neurons.Cli.Hosting;
using Neurons.Engine.Scheduling;

namespace Neurons.Cli.Commands;

/// <summary><c>pipeline run</c>: runs the DAG incrementally.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var stage = new Option<string[]>("--stage", "-s") { Description = "Run only these stages (repeatable); their inputs must already exist.", AllowMultipleArgumentsPerToken = true };
        var from = new Option<string?>("--from") { Description = "Rerun this stage and everything downstream of it." };
        var force = new Option<bool>("--force") { Description = "Rerun the selected stages even when up to date." };
        var shard = new Option<string?>("--shard") { Description = "Run only shard set k of N (k/N), for several machines sharing one workspace; global stages are left to an unsharded run." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would run and why (missing, stale, forced), and run nothing." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log every work item's start and commit." };
        var json = new Option<bool>("--json") { Description = "Print a JSON summary for scripts on standard output (per stage: status, work items, rows, seconds, outputs; with --dry-run: what would run and why); progress goes to standard error." };
        var command = new Command("run", "Run the pipeline: every stage whose outputs are missing or stale (incremental).");
        common.AddTo(command);
        command.Options.Add(stage);
        command.Options.Add(from);
        command.Options.Add(force);
        command.Options.Add(shard);
        command.Options.Add(dryRun);
        command.Options.Add(verbose);
        command.Options.Add(json);
        command.SetAction((parse, cancellationToken) => CommandErrors.GuardAsync(async () =>
        {
            var request = new RunRequest
            {
                Stages = parse.GetValue(stage) ?? [],
                From = parse.GetValue(from),
                Force = parse.GetValue(force),
                ShardSet = parse.GetValue(shard) is { } text ? ShardSet.Parse(text) : ShardSet.Everything,
                DryRun = parse.GetValue(dryRun),
            };
            var session = SessionLoader.Open(parse.GetValue(common.Config)!, parse.GetValue(common.Profile), generateDataset: !request.DryRun);
            if (request.DryRun)
            {
                var whatWouldRun = RunHost.CreateRunner(session, new NullRunObserver()).DryRun(request);
                if (!parse.GetValue(json))
                {
                    return RunReportPrinter.PrintDryRun(whatWouldRun);
                }

                RunJsonWriter.WriteDryRun(Console.Out, whatWouldRun);
                return ExitCodes.Success;
            }

            // Every selected work item assessed once; when none will run, the answer needs no host (an idle rerun is quick).
            var plan = ReadinessGate.PlanRun(session, request);
            if (plan.IsIdle)
            {
                return RunHost.ReportIdle(session, request, plan, parse.GetValue(json));
            }

            // What the stages about to run need (files, signatures, servers, tools, GPU, disk), before any work.
            var readiness = await ReadinessGate.CheckRunAsync(session, plan, cancellationToken).ConfigureAwait(false);
            if (readiness.Problems.Count > 0)
            {
                ReadinessPrinter.PrintProblems(readiness, Console.Error);
                return CommandErrors.Fail($"{readiness.Problems.Count} problem(s) above stop the run before any work (`pipeline doctor` checks every stage)");
            }

            return await RunHost.RunAsync(session, request, parse.GetValue(verbose), parse.GetValue(json)).ConfigureAwait(false);
        }));
        return command;
    }
}
