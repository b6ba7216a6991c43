namespace Neurons.Engine.Readiness;

/// <summary>
/// Something a stage needs before it can run: a file, a server, a tool or a GPU. Stages declare them in
/// <see cref="IStageRequirements"/> from their effective parameters; <c>pipeline doctor</c> checks them
/// all, and <c>pipeline run</c> checks those of the stages it is about to run.
/// </summary>
/// <param name="Parameter">The parameter the requirement comes from (snake_case), or empty when none does.</param>
/// <param name="Recipe">Where the fix is documented, a repository path with a section anchor (e.g. <c>docs/models.md#sd-15-vae-encoder-targets</c>).</param>
public abstract record StageRequirement(string Parameter, string Recipe);
