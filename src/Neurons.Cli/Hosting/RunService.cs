using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Neurons.Engine.Scheduling;
using Neurons.Engine.Stages;

namespace Neurons.Cli.Hosting;

/// <summary>The DAG runner as a hosted service: runs the request, records the outcome, stops the host.</summary>
internal sealed class RunService : BackgroundService
{
    private readonly PipelineSession session;
    private readonly RunRequest request;
    private readonly IEnumerable<IStage> stages;
    private readonly ILoggerFactory loggers;
    private readonly TimeProvider time;
    private readonly IRunObserver observer;
    private readonly RunOutcome outcome;
    private readonly IHostApplicationLifetime lifetime;

    public RunService(PipelineSession session, RunRequest request, IEnumerable<IStage> stages, ILoggerFactory loggers, TimeProvider time, IRunObserver observer, RunOutcome outcome, IHostApplicationLifetime lifetime)
    {
        this.session = session;
        this.request = request;
        this.stages = stages;
        this.loggers = loggers;
        this.time = time;
        this.observer = observer;
        this.outcome = outcome;
        this.lifetime = lifetime;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var runner = new DagRunner(session, stages, loggers, time, observer);
            outcome.Results = await runner.RunAsync(request, stoppingToken).ConfigureAwait(false);
            outcome.Cancelled = stoppingToken.IsCancellationRequested;
        }
        catch (Exception e)
        {
            outcome.Crash = e;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }
}
