using System.CommandLine;
using System.Globalization;
using Neurons.Cli.Hosting;
using Neurons.Cli.Reporting;
using Neurons.Engine.Config;
using Neurons.Engine.ScaleOut;
using Neurons.Engine.Scheduling;
using Neurons.Engine.Workspace;
using Neurons.Files;

namespace Neurons.Cli.Commands;

/// <summary>
/// <c>pipeline slurm</c>: writes (and with <c>--submit</c> submits) a Slurm job chain for the pipeline from
/// <c>pipeline.yaml</c>'s <c>slurm:</c> section: array jobs over N shard sets for the per-shard stages, one job per
/// global stage, each <c>afterok</c> the jobs it reads from. <c>--resume</c> reads the workspace and submits only
/// the shard sets and jobs whose work is not done.
/// </summary>
internal static class SlurmCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var stage = new Option<string[]>("--stage", "-s") { Description = "Plan only these stages (repeatable); their inputs must exist or be planned too.", AllowMultipleArgumentsPerToken = true };
        var tasks = new Option<int?>("--tasks", "-n") { Description = "Shard sets (array tasks) per array job (default: slurm.array_tasks, 8; at most the number of shards)." };
        var output = new Option<string?>("--out") { Description = "Folder for the scripts and job logs (default: <workspace>/.state/slurm/<UTC time>; must be on the shared filesystem)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the scripts and the submit commands; write and submit nothing." };
        var submit = new Option<bool>("--submit") { Description = "Submit the chain with sbatch and print the job ids." };
        var resume = new Option<bool>("--resume") { Description = "Leave out the shard sets and jobs whose work the workspace already holds (after failed or cancelled tasks)." };
        var command = new Command("slurm", "Write (or submit) a Slurm job chain: array jobs over shard sets for per-shard stages, afterok jobs for global stages.");
        common.AddTo(command);
        command.Options.Add(stage);
        command.Options.Add(tasks);
        command.Options.Add(output);
        command.Options.Add(dryRun);
        command.Options.Add(submit);
        command.Options.Add(resume);
        command.SetAction((parse, cancellationToken) => CommandErrors.GuardAsync(async () =>
        {
            var isDryRun = parse.GetValue(dryRun);
            if (isDryRun && parse.GetValue(submit))
            {
                return CommandErrors.Fail("--dry-run and --submit exclude each other");
            }

            var configFile = Path.GetFullPath(parse.GetValue(common.Config)!);
            var profile = parse.GetValue(common.Profile);

            // The dataset is prepared here, once, so that array tasks never generate it at the same time.
            var session = SessionLoader.Open(configFile, profile, generateDataset: !isDryRun);
            var options = SlurmOptions.From(session.Config.Slurm);
            var request = new RunRequest { Stages = parse.GetValue(stage) ?? [] };
            var items = RunHost.CreateRunner(session, new NullRunObserver()).Select(request).Items;
            var selected = session.Catalog.Stages.Where(s => items.Any(i => i.Stage.Name == s.Name)).ToList();
            if (parse.GetValue(tasks) is < 1)
            {
                return CommandErrors.Fail($"--tasks: expected a positive number of array tasks, got {parse.GetValue(tasks)}");
            }

            var count = Math.Max(1, Math.Min(parse.GetValue(tasks) ?? options.ArrayTasks, session.Shards.Count));

            Func<StageDefinition, ShardSet, bool>? isDone = parse.GetValue(resume)
                ? (definition, set) => session.Items([definition], set).All(i => session.Assess(i).State == ItemState.Done)
                : null;
            var plan = SlurmPlanner.Plan(session.Catalog, selected, options, count, isDone, (definition, set) => session.Items([definition], set).Count > 0);
            var directory = Path.GetFullPath(parse.GetValue(output) ?? Path.Combine(session.Config.Workspace, ".state", "slurm", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)));
            var invocation = new SlurmInvocation(options.Command ?? DefaultCommand(), configFile, profile, directory);
            foreach (var skipped in plan.Skipped)
            {
                Console.Out.WriteLine($"up to date, not submitted: {skipped}");
            }

            if (plan.Jobs.Count == 0)
            {
                Console.Out.WriteLine("Nothing to submit: the workspace holds every selected stage's work.");
                return ExitCodes.Success;
            }

            if (isDryRun)
            {
                for (var i = 0; i < plan.Jobs.Count; i++)
                {
                    Console.Out.WriteLine($"# ---- {Path.Combine(directory, SlurmScript.FileName(i, plan.Jobs[i]))}");
                    Console.Out.Write(SlurmScript.Render(plan.Jobs[i], plan, options, invocation));
                }

                Console.Out.WriteLine($"# ---- {Path.Combine(directory, "submit.sh")}");
                Console.Out.Write(SlurmScript.RenderSubmit(plan));
                return ExitCodes.Success;
            }

            WorkspaceGuard.Claim(session.Config.Workspace, session.Catalog.Stages.SelectMany(s => s.Outputs), TimeProvider.System);
            if (parse.GetValue(submit) && WorkspaceLock.LiveHolders(session.Config.Workspace) is { Count: > 0 } running)
            {
                // A set still running would look undone and be submitted twice; its second task would be refused.
                return CommandErrors.Fail($"workspace {session.Config.Workspace} is in use by running jobs ({string.Join("; ", running)}); submit after they have left the queue (squeue), or scancel them");
            }

            Directory.CreateDirectory(directory);
            var scripts = new List<string>();
            for (var i = 0; i < plan.Jobs.Count; i++)
            {
                var path = Path.Combine(directory, SlurmScript.FileName(i, plan.Jobs[i]));
                AtomicFile.WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(SlurmScript.Render(plan.Jobs[i], plan, options, invocation)));
                scripts.Add(path);
            }

            var submitScript = Path.Combine(directory, "submit.sh");
            AtomicFile.WriteAllBytes(submitScript, System.Text.Encoding.UTF8.GetBytes(SlurmScript.RenderSubmit(plan)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(submitScript, File.GetUnixFileMode(submitScript) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute);
            }
            if (!parse.GetValue(submit))
            {
                Console.Out.WriteLine($"Wrote {plan.Jobs.Count} job scripts to {directory}; submit them with: bash {SlurmScript.Quote(submitScript)} (or pipeline slurm --submit)");
                return ExitCodes.Success;
            }

            return await SlurmSubmitter.SubmitAsync(plan, scripts, cancellationToken).ConfigureAwait(false);
        }));
        return command;
    }

    private static string DefaultCommand()
    {
        var process = Environment.ProcessPath ?? "pipeline";
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? $"{SlurmScript.Quote(process)} {SlurmScript.Quote(Path.Combine(AppContext.BaseDirectory, "pipeline.dll"))}"
            : SlurmScript.Quote(process);
    }
}
