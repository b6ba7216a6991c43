using System.Text.Json.Serialization;

namespace Neurons.Engine.Workspace;

/// <summary>One file committed with a shard, as listed in its sidecar.</summary>
/// <param name="Path">The path relative to the shard's files folder, with '/' separators.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Sha256">Its SHA-256, lower-case hex.</param>
public sealed record SidecarFile(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("sha256")] string Sha256);
