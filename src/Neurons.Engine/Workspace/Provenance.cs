using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Neurons.Engine.Workspace;

/// <summary>Everything a shard's fingerprint covers, kept so that <c>pipeline status</c> can say why a shard is stale.</summary>
public sealed record Provenance
{
    /// <summary>Gets the stage's code version.</summary>
    [JsonPropertyName("stage_version")]
    public required string StageVersion { get; init; }

    /// <summary>Gets the stage's code identity: repository path → SHA-256 of its own files and declared library code.</summary>
    [JsonPropertyName("code")]
    public SortedDictionary<string, string> Code { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Gets the effective parameters.</summary>
    [JsonPropertyName("params")]
    public required JsonObject Parameters { get; init; }

    /// <summary>Gets the upstream shards as <c>table/shard</c> → fingerprint.</summary>
    [JsonPropertyName("inputs")]
    public required SortedDictionary<string, string> Inputs { get; init; }

    /// <summary>Gets the dataset source files (relative to the dataset root) → SHA-256.</summary>
    [JsonPropertyName("sources")]
    public required SortedDictionary<string, string> Sources { get; init; }

    /// <summary>Gets the files named by <c>path</c> parameters → SHA-256 (or <c>missing</c>).</summary>
    [JsonPropertyName("files")]
    public required SortedDictionary<string, string> Files { get; init; }
}
