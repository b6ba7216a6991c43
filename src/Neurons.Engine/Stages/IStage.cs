namespace Neurons.Engine.Stages;

/// <summary>
/// The C# side of one stage: reads the inputs named in its <c>stage.yaml</c>, calls a library and
/// writes every declared output table for the shard it is given. Implementations are registered in
/// dependency injection and matched to their <c>stage.yaml</c> by <see cref="Name"/>.
/// </summary>
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
}
