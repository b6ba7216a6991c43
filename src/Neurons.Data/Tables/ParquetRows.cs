using Parquet;
using Parquet.Serialization;

namespace Neurons.Data.Tables;

/// <summary>
/// Reads and writes a table shard as rows of a class (Parquet.Net's class serializer), in bounded
/// row groups. For the small annotation tables; bulk tensors use column writers of their own.
/// </summary>
public static class ParquetRows
{
    /// <summary>Writes rows to a new Parquet file (Snappy, one row group per <paramref name="rowGroupSize"/> rows).</summary>
    public static async Task WriteAsync<T>(string path, IEnumerable<T> rows, CancellationToken cancellationToken, int rowGroupSize = 1024)
        where T : class, new()
    {
        var options = new ParquetOptions
        {
            CompressionMethod = CompressionMethod.Snappy,
            RowGroupSize = rowGroupSize,
        };
        var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: false);
        await using var streamScope = stream.ConfigureAwait(false);
        var batch = new List<T>(rowGroupSize);
        var wroteAny = false;
        foreach (var row in rows)
        {
            batch.Add(row);
            if (batch.Count == rowGroupSize)
            {
                await FlushAsync(batch, stream, options, wroteAny, cancellationToken).ConfigureAwait(false);
                wroteAny = true;
                batch.Clear();
            }
        }

        if (batch.Count > 0 || !wroteAny)
        {
            await FlushAsync(batch, stream, options, wroteAny, cancellationToken).ConfigureAwait(false);
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

    private static async Task FlushAsync<T>(List<T> batch, Stream stream, ParquetOptions options, bool append, CancellationToken cancellationToken)
        where T : class, new()
    {
        options.Append = append;
        await ParquetSerializer.SerializeAsync(batch, stream, options, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
