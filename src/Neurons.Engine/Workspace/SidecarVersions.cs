using System.Text.Json.Serialization;

namespace Neurons.Engine.Workspace;

/// <summary>Versions recorded in a sidecar.</summary>
/// <param name="Pipeline">The pipeline's version.</param>
/// <param name="Stage">The stage's code version from its <c>stage.yaml</c>.</param>
/// <param name="Runtime">The .NET runtime version.</param>
public sealed record SidecarVersions(
    [property: JsonPropertyName("pipeline")] string Pipeline,
    [property: JsonPropertyName("stage")] string Stage,
    [property: JsonPropertyName("runtime")] string Runtime);
