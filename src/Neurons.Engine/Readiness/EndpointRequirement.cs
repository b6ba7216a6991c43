namespace Neurons.Engine.Readiness;

/// <summary>A server a stage talks to (the VLM): reachable, and serving the model, asked with one request.</summary>
/// <param name="Parameter">The parameter naming the endpoint.</param>
/// <param name="Endpoint">The server URL.</param>
/// <param name="Model">The model the stage asks for.</param>
/// <param name="Recipe">Where the fix is documented.</param>
/// <param name="Probe">Sends the one request; returns null when the server answers and has the model, else the problem in one line.</param>
public sealed record EndpointRequirement(string Parameter, string Endpoint, string Model, string Recipe, Func<TimeSpan, CancellationToken, Task<string?>> Probe)
    : StageRequirement(Parameter, Recipe);
