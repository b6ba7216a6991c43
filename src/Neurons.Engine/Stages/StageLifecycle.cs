namespace Neurons.Engine.Stages;

/// <summary>Runs one work item of a stage outside the engine the way the engine runs it: setup, the work item, teardown.</summary>
public static class StageLifecycle
{
    /// <summary>
    /// Calls <see cref="IStage.SetupAsync"/> with the work item's parameters, logger and clock, then
    /// <see cref="IStage.RunAsync"/>, then <see cref="IStage.Teardown"/> (also when setup or the work item threw).
    /// </summary>
    public static async Task RunAsync(IStage stage, StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await stage.SetupAsync(StageSetupContext.For(context), cancellationToken).ConfigureAwait(false);
            await stage.RunAsync(context, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            stage.Teardown();
        }
    }
}
