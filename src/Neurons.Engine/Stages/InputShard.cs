using System.Text.Json.Nodes;

namespace Neurons.Engine.Stages;

/// <summary>A committed upstream table shard.</summary>
/// <param name="Table">The table name.</param>
/// <param name="Shard">The shard.</param>
/// <param name="Path">The committed Parquet file.</param>
/// <param name="Rows">Its row count, from the sidecar.</param>
/// <param name="Metadata">The stage-specific metadata of its sidecar.</param>
public sealed record InputShard(string Table, Shard Shard, string Path, long Rows, JsonObject Metadata);
