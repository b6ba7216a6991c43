using System.Text.Json.Nodes;

namespace Neurons.Engine.Stages;

/// <summary>A committed upstream table shard.</summary>
/// <param name="Table">The table name.</param>
/// <param name="Shard">The shard.</param>
/// <param name="Path">The committed Parquet file.</param>
/// <param name="Rows">Its row count, from the sidecar.</param>
/// <param name="Metadata">The stage-specific metadata of its sidecar.</param>
public sealed record InputShard(string Table, Shard Shard, string Path, long Rows, JsonObject Metadata)
{
    /// <summary>Gets the shard's committed files folder (<c>&lt;table&gt;/&lt;shard&gt;.files</c>), or null when it has none.</summary>
    public string? FilesDirectory { get; init; }

    /// <summary>Gets the committed files, relative to <see cref="FilesDirectory"/> with '/' separators.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>Returns the full path of a committed file, refusing one the shard does not hold.</summary>
    /// <param name="relativePath">The path relative to the files folder, with '/' separators.</param>
    public string File(string relativePath) =>
        FilesDirectory is not null && Files.Contains(relativePath, StringComparer.Ordinal)
            ? System.IO.Path.Combine(FilesDirectory, relativePath)
            : throw new InvalidOperationException($"{Table}/{Shard.Name} holds no committed file '{relativePath}'");
}
