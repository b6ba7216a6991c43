using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Neurons.Cli.Reporting;
using Neurons.Engine.Scheduling;
using Neurons.Engine.Stages;
using Neurons.Engine.Workspace;
using Neurons.Stages.Registration;
using Spectre.Console;

namespace Neurons.Cli.Hosting;

/// <summary>Builds the generic host of <c>pipeline run</c>: the DAG runner as a hosted service, logging, progress.</summary>
internal static class RunHost
{
    public static DagRunner CreateRunner(PipelineSession session, IRunObserver observer)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddNeuronsStages()
            .BuildServiceProvider();
        return new DagRunner(session, services.GetServices<IStage>(), services.GetRequiredService<ILoggerFactory>(), TimeProvider.System, observer);
    }

    /// <summary>
    /// Answers a run with nothing to do (<see cref="RunPlan.IsIdle"/>) without starting the host or assessing again: claims and
    /// locks the workspace as a run does, removes leftover temporary files, and prints the same summary (every item up to date).
    /// </summary>
    public static int ReportIdle(PipelineSession session, RunRequest request, RunPlan plan, bool json)
    {
        var started = TimeProvider.System.GetTimestamp();
        using var workspaceLock = ClaimAndLock(session, request);
        var removed = session.Store.DeleteTemporaryFiles(session.Catalog.Stages.SelectMany(s => s.Outputs), session.Catalog.Stages.Select(s => s.Name));
        session.Hashes.Save();
        using var logFile = new RunLogFileProvider(session.Config.Workspace, TimeProvider.System);
        logFile.Write(LogLevel.Information, "Neurons.Cli", $"nothing to do: {plan.Assessments.Count} work items up to date; {removed} leftover temporary files removed", null);
        var outcome = new RunOutcome { Results = [.. plan.Assessments.Select(a => new ItemResult(a.Item, ItemOutcome.Skipped, "up to date", 0, 0))] };
        return Report(session, outcome, logFile.FilePath, started, json);
    }

    public static async Task<int> RunAsync(PipelineSession session, RunRequest request, bool verbose, bool json = false)
    {
        var started = TimeProvider.System.GetTimestamp();
        CreateRunner(session, new NullRunObserver()).Select(request);
        using var workspaceLock = ClaimAndLock(session, request);
        // With --json, standard output carries the summary alone: progress lines go to standard error.
        var interactive = !json && AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;
        var outcome = new RunOutcome();

        using var logFile = new RunLogFileProvider(session.Config.Workspace, TimeProvider.System);
        IHost BuildHost(IRunObserver observer)
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            if (interactive)
            {
                // Warnings go above the live progress bars; the full log is in the run's log file.
                builder.Logging.AddProvider(new ConsoleAboveProgressLoggerProvider(verbose ? LogLevel.Information : LogLevel.Warning));
            }
            else
            {
                builder.Logging.AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.TimestampFormat = "HH:mm:ss ";
                });
                builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
                builder.Logging.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(null, verbose ? LogLevel.Information : LogLevel.Warning);
            }

            builder.Logging.AddProvider(logFile);
            builder.Logging.SetMinimumLevel(LogLevel.Information);
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(2));
            builder.Services.AddSingleton(TimeProvider.System);
            builder.Services.AddSingleton(session);
            builder.Services.AddSingleton(request);
            builder.Services.AddSingleton(observer);
            builder.Services.AddSingleton(outcome);
            builder.Services.AddNeuronsStages();
            builder.Services.AddHostedService<RunService>();
            return builder.Build();
        }

        if (interactive)
        {
            await AnsiConsole.Progress()
                .AutoClear(false)
                .HideCompleted(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    using var host = BuildHost(new ProgressRunObserver(context));
                    await host.RunAsync().ConfigureAwait(false);
                }).ConfigureAwait(false);
        }
        else
        {
            using var observer = new PlainRunObserver(json ? Console.Error : Console.Out, TimeProvider.System, TimeSpan.FromSeconds(10));
            using var host = BuildHost(observer);
            await host.RunAsync().ConfigureAwait(false);
        }

        return Report(session, outcome, logFile.FilePath, started, json);
    }

    private static WorkspaceLock ClaimAndLock(PipelineSession session, RunRequest request)
    {
        WorkspaceGuard.Claim(session.Config.Workspace, session.Catalog.Stages.SelectMany(s => s.Outputs), TimeProvider.System);
        return request.ShardSet.IsPartial
            ? WorkspaceLock.AcquireShardSet(session.Config.Workspace, request.ShardSet.Index, request.ShardSet.Count, TimeProvider.System)
            : WorkspaceLock.Acquire(session.Config.Workspace, WorkspaceLock.RunLockName, TimeProvider.System);
    }

    private static int Report(PipelineSession session, RunOutcome outcome, string logFile, long started, bool json)
    {
        if (json)
        {
            var exitCode = RunReportPrinter.ExitCode(outcome);
            if (outcome.Crash is { } crash)
            {
                Console.Error.WriteLine($"error: the run stopped unexpectedly: {crash.GetType().Name}: {crash.Message}");
            }

            RunJsonWriter.WriteRun(Console.Out, session, outcome, exitCode, TimeProvider.System.GetElapsedTime(started).TotalSeconds, logFile);
            return exitCode;
        }

        var code = RunReportPrinter.PrintRun(outcome);
        Console.Out.WriteLine($"log: {logFile}");
        return code;
    }
}
