namespace Neurons.Engine.Stages;

/// <summary>
/// The C# side of one stage: reads the inputs named in its <c>stage.yaml</c>, calls a library and
/// writes every declared output table for the shard it is given. Implementations are registered in
/// dependency injection and matched to their <c>stage.yaml</c> by <see cref="Name"/>.
/// </summary>
/// <remarks>
/// Lifecycle (NeMo Curator's stage setup/teardown): a stage that shares heavy resources across its work items
/// (ONNX sessions, TorchSharp modules, endpoint gateways) creates them in <see cref="SetupAsync"/> and releases
/// them in <see cref="Teardown"/>; the engine calls <see cref="SetupAsync"/> once per run before the first work
/// item of the stage that runs, and <see cref="Teardown"/> once after the run. A caller that runs a stage
/// directly uses <see cref="StageLifecycle.RunAsync"/>, which does the same around one work item.
/// </remarks>
public interface IStage
{
    /// <summary>Gets the stage name; equal to the <c>name</c> key of its <c>stage.yaml</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Produces the outputs of one work item. Write each declared output table to
    /// <see cref="StageContext.Output(string)"/>'s <see cref="OutputShard.Path"/> and set its row count;
    /// the engine commits them atomically afterwards. Throw to fail the work item (nothing is committed).
    /// </summary>
    Task RunAsync(StageContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Returns every parameter value the stage refuses (types, ranges, allowed values, cross-field rules, files that
    /// must exist). The engine calls it for every selected stage before anything runs and reports all errors at once.
    /// </summary>
    /// <param name="parameters">The effective parameters.</param>
    IReadOnlyList<ParameterError> ValidateParameters(StageParameters parameters) => [];

    /// <summary>
    /// Creates what the stage's work items share for a whole run (models, sessions, gateways), from the effective
    /// parameters. The engine calls it once per run, before the first work item of this stage that runs (never when
    /// every item is up to date), and starts no work item of the stage before it returns; when it throws, every work
    /// item of the stage in that run fails with its error. The default does nothing.
    /// </summary>
    /// <param name="context">The stage's effective parameters, logger and clock.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    Task SetupAsync(StageSetupContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Releases what <see cref="SetupAsync"/> created. The engine calls it once, after the last work item of the
    /// stage in the run finished (succeeded, failed or cancelled), whenever <see cref="SetupAsync"/> was called, also
    /// when it threw, so it must tolerate a partial setup. The default does nothing.
    /// </summary>
    void Teardown()
    {
    }
}
