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

    private readonly string filesDirectory;

    internal OutputShard(string table, string path)
        : this(table, path, path + ".files")
    {
    }

    internal OutputShard(string table, string path, string filesDirectory)
    {
        Table = table;
        Path = path;
        this.filesDirectory = filesDirectory;
    }

    /// <summary>Gets the table name.</summary>
    public string Table { get; }

    /// <summary>Gets the temporary file the stage must write (a Parquet file); renamed into place on commit.</summary>
    public string Path { get; }

    /// <summary>
    /// Gets a private temporary folder (created on first use) for the shard's files: models, PNG, GIF, MP4, HTML.
    /// Everything in it is committed with the shard into <c>&lt;table&gt;/&lt;shard&gt;.files/</c> and listed with its
    /// SHA-256 in the sidecar; nothing in it is visible to readers before the commit.
    /// </summary>
    public string FilesDirectory
    {
        get
        {
            Directory.CreateDirectory(filesDirectory);
            return filesDirectory;
        }
    }

    /// <summary>Gets a value indicating whether the stage asked for <see cref="FilesDirectory"/>.</summary>
    internal bool HasFiles => Directory.Exists(filesDirectory);

    /// <summary>Gets the temporary files folder, whether or not it exists.</summary>
    internal string FilesTempDirectory => filesDirectory;

    /// <summary>Gets or sets the number of rows written.</summary>
    public long Rows { get; set; }

    /// <summary>Gets stage-specific facts stored in the shard's sidecar under <c>metadata</c>.</summary>
    public JsonObject Metadata { get; } = [];
}
