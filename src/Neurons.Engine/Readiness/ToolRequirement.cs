namespace Neurons.Engine.Readiness;

/// <summary>An executable a stage starts (ffmpeg): it must be found on <c>PATH</c>.</summary>
/// <param name="Parameter">The parameter that makes the stage need it, or empty when it always does.</param>
/// <param name="Tool">The executable's name.</param>
/// <param name="Recipe">Where the fix is documented.</param>
public sealed record ToolRequirement(string Parameter, string Tool, string Recipe) : StageRequirement(Parameter, Recipe);
