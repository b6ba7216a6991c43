namespace Neurons.Engine.Stages;

/// <summary>A parameter value a stage refuses, found before anything runs.</summary>
/// <param name="Parameter">The parameter's name as in <c>stage.yaml</c>.</param>
/// <param name="Message">What is wrong and what is expected, in one line.</param>
public sealed record ParameterError(string Parameter, string Message);
