using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Neurons.Engine.Workspace;

/// <summary>
/// The <c>&lt;shard&gt;.meta.json</c> beside a committed table shard. A shard without a valid sidecar
/// does not exist; the sidecar is written last.
/// </summary>
public sealed record Sidecar
{
    /// <summary>The sidecar format version.</summary>
    public const int CurrentFormat = 1;

    /// <summary>Gets the sidecar format version.</summary>
    [JsonPropertyName("format")]
    public int Format { get; init; } = CurrentFormat;

    /// <summary>Gets the stage that wrote the shard.</summary>
    [JsonPropertyName("stage")]
    public required string Stage { get; init; }

    /// <summary>Gets the table.</summary>
    [JsonPropertyName("table")]
    public required string Table { get; init; }

    /// <summary>Gets the shard name.</summary>
    [JsonPropertyName("shard")]
    public required string Shard { get; init; }

    /// <summary>Gets the shard's split.</summary>
    [JsonPropertyName("split")]
    public required string Split { get; init; }

    /// <summary>Gets the fingerprint of everything the shard was computed from.</summary>
    [JsonPropertyName("fingerprint")]
    public required string Fingerprint { get; init; }

    /// <summary>Gets the number of rows.</summary>
    [JsonPropertyName("rows")]
    public long Rows { get; init; }

    /// <summary>Gets the size of the Parquet file in bytes.</summary>
    [JsonPropertyName("bytes")]
    public long Bytes { get; init; }

    /// <summary>Gets the SHA-256 (hex) of the Parquet file.</summary>
    [JsonPropertyName("sha256")]
    public required string Sha256 { get; init; }

    /// <summary>Gets when the work item started (UTC).</summary>
    [JsonPropertyName("started_utc")]
    public DateTimeOffset StartedUtc { get; init; }

    /// <summary>Gets how long the work item took, in seconds.</summary>
    [JsonPropertyName("seconds")]
    public double Seconds { get; init; }

    /// <summary>Gets the versions of the pipeline and of the stage's code.</summary>
    [JsonPropertyName("versions")]
    public required SidecarVersions Versions { get; init; }

    /// <summary>Gets what the fingerprint was computed from.</summary>
    [JsonPropertyName("provenance")]
    public required Provenance Provenance { get; init; }

    /// <summary>Gets the files committed with the shard in <c>&lt;table&gt;/&lt;shard&gt;.files/</c> (empty when it has none).</summary>
    [JsonPropertyName("files")]
    public IReadOnlyList<SidecarFile> Files { get; init; } = [];

    /// <summary>Gets the stage-specific metadata.</summary>
    [JsonPropertyName("metadata")]
    public JsonObject Metadata { get; init; } = [];
}
