using Microsoft.Extensions.Logging;
using Neurons.Engine.Stages;

namespace Neurons.Engine.Scheduling;

/// <summary>
/// The setups of one run: each stage's <see cref="IStage.SetupAsync"/> is started by the first of its work items
/// that runs and awaited by every one of them (a failed setup fails them all with its error, and is not retried);
/// <see cref="TeardownAsync"/> tears down every stage that was set up, in reverse order, once the run is over.
/// </summary>
internal sealed class StageSetups
{
    private readonly Lock gate = new();
    private readonly List<(IStage Stage, Task Setup)> started = [];
    private readonly Dictionary<string, Task> byName = new(StringComparer.Ordinal);

    /// <summary>Returns the stage's setup for this run, starting it on the first call.</summary>
    public Task EnsureAsync(IStage stage, Func<StageSetupContext> context, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!byName.TryGetValue(stage.Name, out var setup))
            {
                setup = Task.Run(() => stage.SetupAsync(context(), cancellationToken), CancellationToken.None);
                byName[stage.Name] = setup;
                started.Add((stage, setup));
            }

            return setup;
        }
    }

    /// <summary>Waits for every started setup to end, then calls each such stage's <see cref="IStage.Teardown"/>, last set up first; a teardown that throws is logged.</summary>
    public async Task TeardownAsync(ILogger logger)
    {
        List<(IStage Stage, Task Setup)> all;
        lock (gate)
        {
            all = [.. started];
            started.Clear();
            byName.Clear();
        }

        for (var i = all.Count - 1; i >= 0; i--)
        {
            var (stage, setup) = all[i];
            try
            {
                await setup.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Its error already failed the stage's work items; the teardown below releases what it made before failing.
            }

            try
            {
                stage.Teardown();
            }
            catch (Exception e)
            {
                Log.TeardownFailed(logger, stage.Name, e);
            }
        }
    }
}
