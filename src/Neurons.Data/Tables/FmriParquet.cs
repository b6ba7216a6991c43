using System.Runtime.CompilerServices;
using Parquet;
using Parquet.Serialization;

namespace Neurons.Data.Tables;

/// <summary>
/// Writes the fMRI tables in bounded row groups from a lazy row sequence (one run's rows per group), so a
/// segment with 10 repeats never holds more than one group in memory.
/// </summary>
public static class FmriParquet
{
    /// <summary>Writes <paramref name="rows"/> to a new file, <paramref name="rowGroupSize"/> rows per row group.</summary>
    /// <returns>The number of rows written.</returns>
    public static async Task<long> WriteAsync<T>(string path, IEnumerable<T> rows, int rowGroupSize, CancellationToken cancellationToken)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupSize, 1);

        // Appending a row group makes Parquet.Net re-read the footer, so the stream must be readable too.
        var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: false);
        await using var scope = stream.ConfigureAwait(false);
        var batch = new List<T>(rowGroupSize);
        var written = 0L;
        foreach (var row in rows)
        {
            batch.Add(row);
            if (batch.Count == rowGroupSize)
            {
                await FlushAsync(batch, stream, written > 0, cancellationToken).ConfigureAwait(false);
                written += batch.Count;
                batch.Clear();
            }
        }

        if (batch.Count > 0 || written == 0)
        {
            await FlushAsync(batch, stream, written > 0, cancellationToken).ConfigureAwait(false);
            written += batch.Count;
        }

        return written;
    }

    /// <summary>Reads a Parquet file one row group at a time (the rows of one run for <c>fmri</c>, bounded memory).</summary>
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

    private static async Task FlushAsync<T>(List<T> batch, Stream stream, bool append, CancellationToken cancellationToken)
        where T : class, new()
    {
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy, Append = append };
        await ParquetSerializer.SerializeAsync(batch, stream, options, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
