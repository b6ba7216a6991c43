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

    public static async Task<int> RunAsync(PipelineSession session, RunRequest request, bool verbose, bool json = false)
    {
        var started = TimeProvider.System.GetTimestamp();
        CreateRunner(session, new NullRunObserver()).Select(request);
        WorkspaceGuard.Claim(session.Config.Workspace, session.Catalog.Stages.SelectMany(s => s.Outputs), TimeProvider.System);
        using var workspaceLock = request.ShardSet.IsPartial
            ? WorkspaceLock.AcquireShardSet(session.Config.Workspace, request.ShardSet.Index, request.ShardSet.Count, TimeProvider.System)
            : WorkspaceLock.Acquire(session.Config.Workspace, WorkspaceLock.RunLockName, TimeProvider.System);
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

        if (json)
        {
            var exitCode = RunReportPrinter.ExitCode(outcome);
            if (outcome.Crash is { } crash)
            {
                Console.Error.WriteLine($"error: the run stopped unexpectedly: {crash.GetType().Name}: {crash.Message}");
            }

            RunJsonWriter.WriteRun(Console.Out, session, outcome, exitCode, TimeProvider.System.GetElapsedTime(started).TotalSeconds, logFile.FilePath);
            return exitCode;
        }

        var code = RunReportPrinter.PrintRun(outcome);
        Console.Out.WriteLine($"log: {logFile.FilePath}");
        return code;
    }
}
