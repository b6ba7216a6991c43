namespace Neurons.Engine.Readiness;

/// <summary>
/// A CUDA GPU, asked for by a parameter (<c>device: cuda</c>, <c>execution_provider: cuda</c>): a device must be
/// visible to the process, and <see cref="BuildCheck"/>, when given, says whether this build can use it.
/// </summary>
/// <param name="Parameter">The parameter asking for it.</param>
/// <param name="Recipe">Where the fix is documented.</param>
public sealed record GpuRequirement(string Parameter, string Recipe) : StageRequirement(Parameter, Recipe)
{
    /// <summary>Gets a check of the build (e.g. that ONNX Runtime has its CUDA provider); throws with one line when it cannot.</summary>
    public Action? BuildCheck { get; init; }
}
