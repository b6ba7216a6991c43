using System.Text.Json.Nodes;

namespace Neurons.Engine.Stages;

/// <summary>One table shard a stage is writing; committed by the engine when the stage returns.</summary>
public sealed class OutputShard
{
    /// <summary>
    /// The metadata key a stage sets to true when it commits a shard holding rows that failed (e.g. VLM
    /// replies, within the failure threshold): the shard then counts as stale, so the next run retries them.
    /// </summary>
    public const string RetryFailedKey = "retry_failed";

    internal OutputShard(string table, string path)
    {
        Table = table;
        Path = path;
    }

    /// <summary>Gets the table name.</summary>
    public string Table { get; }

    /// <summary>Gets the temporary file the stage must write (a Parquet file); renamed into place on commit.</summary>
    public string Path { get; }

    /// <summary>Gets or sets the number of rows written.</summary>
    public long Rows { get; set; }

    /// <summary>Gets stage-specific facts stored in the shard's sidecar under <c>metadata</c>.</summary>
    public JsonObject Metadata { get; } = [];
}
