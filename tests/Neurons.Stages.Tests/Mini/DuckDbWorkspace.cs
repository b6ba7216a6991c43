using System.Collections;
using DuckDB.NET.Data;

namespace Neurons.Stages.Tests.Mini;

/// <summary>
/// Reads a workspace's Parquet files through DuckDB (a second Parquet implementation, the one a SQL user would
/// use), so the tests see the tables as pandas, pyarrow and DuckDB users do, not as Parquet.Net wrote them.
/// </summary>
internal sealed class DuckDbWorkspace : IDisposable
{
    private readonly DuckDBConnection connection = new("DataSource=:memory:");

    public DuckDbWorkspace() => connection.Open();

    /// <summary>Runs one statement; returns every row's values (lists as <see cref="List{T}"/> of objects, BLOBs as byte arrays).</summary>
    public List<object?[]> Query(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : Plain(reader.GetValue(i));
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Returns a file's column names and DuckDB types, in file order.</summary>
    public List<(string Name, string Type)> Describe(string path) =>
        [.. Query($"DESCRIBE SELECT * FROM read_parquet('{path}')").Select(r => ((string)r[0]!, (string)r[1]!))];

    /// <summary>Returns the value of a key of a file's Parquet key-value metadata (null when absent).</summary>
    public string? KeyValue(string path, string key) =>
        Query($"SELECT decode(value) FROM parquet_kv_metadata('{path}') WHERE decode(key) = '{key}'").Select(r => (string?)r[0]).SingleOrDefault();

    public void Dispose() => connection.Dispose();

    private static object Plain(object value)
    {
        switch (value)
        {
            case Stream stream:
                using (var copy = new MemoryStream())
                {
                    stream.CopyTo(copy);
                    return copy.ToArray();
                }

            case string:
                return value;
            case IDictionary:
                return value;
            case IEnumerable list:
                return list.Cast<object?>().Select(v => v is null ? null : Plain(v)).ToList();
            default:
                return value;
        }
    }
}
