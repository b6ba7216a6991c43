namespace Neurons.Engine.Config;

/// <summary>One parameter of a stage, from its <c>stage.yaml</c>.</summary>
/// <param name="Name">The snake_case name.</param>
/// <param name="Type">The declared type.</param>
/// <param name="Default">The typed default value.</param>
/// <param name="Doc">The one-line documentation.</param>
/// <param name="Allowed">The allowed values (strings), or empty for any.</param>
public sealed record ParameterDefinition(string Name, ParameterType Type, object Default, string Doc, IReadOnlyList<string> Allowed)
{
    /// <summary>
    /// Gets a value indicating whether the parameter only changes how a stage runs (threads, timeouts, batch sizes
    /// that do not change results, keep-last): such parameters are left out of fingerprints.
    /// </summary>
    public bool Operational { get; init; }
}
