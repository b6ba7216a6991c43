using Parquet;
using Parquet.Serialization;

namespace Neurons.Data.Tables;

/// <summary>Appends rows to a Parquet file one row group at a time, so memory stays bounded by one group.</summary>
/// <typeparam name="T">The row class.</typeparam>
public sealed class ParquetRowWriter<T> : IAsyncDisposable
    where T : class, new()
{
    private readonly FileStream stream;
    private readonly List<T> batch;
    private readonly int rowGroupSize;
    private readonly IReadOnlyDictionary<string, string>? metadata;
    private bool wroteAny;

    /// <summary>Initializes a new instance of the <see cref="ParquetRowWriter{T}"/> class, creating <paramref name="path"/>.</summary>
    /// <param name="path">The file to create.</param>
    /// <param name="rowGroupSize">Rows per row group.</param>
    /// <param name="metadata">Key-value metadata for the file footer (<see cref="TableMetadata.ToKeyValues"/>), or null.</param>
    public ParquetRowWriter(string path, int rowGroupSize, IReadOnlyDictionary<string, string>? metadata = null)
    {
        this.metadata = metadata;
        stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 20);
        this.rowGroupSize = rowGroupSize;
        batch = new List<T>(rowGroupSize);
    }

    /// <summary>Gets the number of rows added.</summary>
    public long Rows { get; private set; }

    /// <summary>Adds a row, writing a row group when one is full.</summary>
    public async Task AddAsync(T row, CancellationToken cancellationToken)
    {
        batch.Add(row);
        Rows++;
        if (batch.Count == rowGroupSize)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the last row group (an empty file still gets its schema).</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (batch.Count > 0 || !wroteAny)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => stream.DisposeAsync();

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy, Append = wroteAny };
        await ParquetSerializer.SerializeAsync(batch, stream, options, metadata, cancellationToken).ConfigureAwait(false);
        wroteAny = true;
        batch.Clear();
    }
}
