using System.Text.Json.Serialization;

namespace Neurons.Data.Tables;

/// <summary>
/// An image cell in the Hugging Face <c>datasets</c> <c>Image</c> convention: a struct of the encoded file's
/// <c>bytes</c> (PNG here) and an optional <c>path</c> (null: the bytes are the image). pandas, pyarrow and
/// DuckDB read it as a struct of a binary and a string; PIL opens the bytes (docs/reading-tables.md).
/// </summary>
public sealed class TableImage
{
    /// <summary>Gets or sets the encoded image (PNG).</summary>
    [JsonPropertyName("bytes")]
    public byte[] Bytes { get; set; } = [];

    /// <summary>Gets or sets the file the image came from; null when the bytes are embedded (always, here).</summary>
    [JsonPropertyName("path")]
    public string? Path { get; set; }
}
