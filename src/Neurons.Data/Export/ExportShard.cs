using System.Text.Json.Nodes;

namespace Neurons.Data.Export;

/// <summary>One committed table shard handed to an exporter.</summary>
/// <param name="Name">The shard name (<c>seg1</c>).</param>
/// <param name="Split">Its split.</param>
/// <param name="Path">The Parquet file.</param>
/// <param name="Metadata">The stage metadata of its sidecar.</param>
public sealed record ExportShard(string Name, string Split, string Path, JsonObject Metadata);
