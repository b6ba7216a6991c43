using System.Runtime.CompilerServices;
using Parquet;
using Parquet.Serialization;

namespace Neurons.Data.Tables;

/// <summary>
/// Reads and writes a table shard as rows of a class (Parquet.Net's class serializer) in bounded row
/// groups, so neither side holds more than one group in memory when it streams.
/// </summary>
public static class ParquetRows
{
    /// <summary>Writes rows to a new Parquet file (Snappy, one row group per <paramref name="rowGroupSize"/> rows).</summary>
    /// <returns>The number of rows written.</returns>
    /// <param name="path">The file to create.</param>
    /// <param name="rows">The rows.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <param name="rowGroupSize">Rows per row group.</param>
    /// <param name="metadata">Key-value metadata for the file footer (<see cref="TableMetadata.ToKeyValues"/>), or null.</param>
    public static async Task<long> WriteAsync<T>(string path, IEnumerable<T> rows, CancellationToken cancellationToken, int rowGroupSize = 1024, IReadOnlyDictionary<string, string>? metadata = null)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(rows);
        var writer = new ParquetRowWriter<T>(path, rowGroupSize, metadata);
        await using (writer.ConfigureAwait(false))
        {
            foreach (var row in rows)
            {
                await writer.AddAsync(row, cancellationToken).ConfigureAwait(false);
            }

            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            return writer.Rows;
        }
    }

    /// <summary>Reads every row of a Parquet file.</summary>
    public static async Task<IReadOnlyList<T>> ReadAsync<T>(string path, CancellationToken cancellationToken)
        where T : class, new()
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: false);
        await using var streamScope = stream.ConfigureAwait(false);
        var result = await ParquetSerializer.DeserializeAsync<T>(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        return result.Data as IReadOnlyList<T> ?? [.. result.Data];
    }

    /// <summary>Reads the key-value metadata of a Parquet file's footer (e.g. <see cref="TableMetadata.Key"/>).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ReadMetadataAsync(string path, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: false);
        await using var streamScope = stream.ConfigureAwait(false);
        var reader = await ParquetReader.CreateAsync(stream, leaveStreamOpen: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return new Dictionary<string, string>(reader.CustomMetadata, StringComparer.Ordinal);
        }
    }

    /// <summary>Reads a Parquet file one row group at a time (e.g. the rows of one fMRI run), in bounded memory.</summary>
    public static async IAsyncEnumerable<IList<T>> ReadRowGroupsAsync<T>(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class, new()
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: false);
        await using var scope = stream.ConfigureAwait(false);
        int groups;
        var reader = await ParquetReader.CreateAsync(stream, leaveStreamOpen: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            groups = reader.RowGroupCount;
        }

        for (var g = 0; g < groups; g++)
        {
            stream.Position = 0;
            var result = await ParquetSerializer.DeserializeAsync<T>(stream, null, g, cancellationToken).ConfigureAwait(false);
            yield return result.Data;
        }
    }
}
