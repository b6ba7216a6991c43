using System.Text.Json.Nodes;

namespace Neurons.Data.Tables;

/// <summary>
/// The Parquet key-value metadata a table file carries so that it describes itself: one key,
/// <see cref="Key"/>, holding JSON <c>{"table", "columns": {name: {…}}, …}</c>. A tensor column (a flat list
/// in row-major order) gives its <c>dtype</c> (the precision of the values), <c>storage</c> (the Parquet
/// element type), <c>shape</c> and <c>axes</c>; an image column gives <c>image: "png"</c>, <c>mode</c>
/// (<c>RGB</c>, or <c>L</c> for 0/255 masks), <c>shape</c> and <c>axes</c>. docs/reading-tables.md shows
/// how pandas, pyarrow and DuckDB read it.
/// </summary>
public sealed class TableMetadata
{
    /// <summary>The key-value metadata key.</summary>
    public const string Key = "neurons";

    private readonly JsonObject root;
    private readonly JsonObject columns = [];

    /// <summary>Initializes a new instance of the <see cref="TableMetadata"/> class for <paramref name="table"/>.</summary>
    public TableMetadata(string table)
    {
        root = new JsonObject { ["format"] = 1, ["table"] = table, ["columns"] = columns };
    }

    /// <summary>Describes a tensor column: a flat list holding <paramref name="shape"/> in row-major order.</summary>
    /// <param name="column">The column name.</param>
    /// <param name="dtype">The precision of the values (<c>float16</c>: float16-rounded values stored as float32).</param>
    /// <param name="shape">The shape, outermost first.</param>
    /// <param name="axes">The name of each axis.</param>
    public TableMetadata Tensor(string column, string dtype, IEnumerable<int> shape, params string[] axes)
    {
        columns[column] = new JsonObject
        {
            ["dtype"] = dtype,
            ["storage"] = "float32",
            ["shape"] = Array(shape),
            ["axes"] = Names(axes),
        };
        return this;
    }

    /// <summary>Describes an image column (one <see cref="TableImage"/>, or a list of them when the first axis is <c>frame</c>).</summary>
    /// <param name="column">The column name.</param>
    /// <param name="mode">PIL's mode of the PNGs: <c>RGB</c>, or <c>L</c> for masks (0 or 255).</param>
    /// <param name="shape">The decoded shape, outermost first (frames, height, width[, channels]).</param>
    /// <param name="axes">The name of each axis.</param>
    public TableMetadata Image(string column, string mode, IEnumerable<int> shape, params string[] axes)
    {
        columns[column] = new JsonObject
        {
            ["image"] = "png",
            ["mode"] = mode,
            ["shape"] = Array(shape),
            ["axes"] = Names(axes),
        };
        return this;
    }

    /// <summary>Adds a top-level entry beside <c>columns</c> (e.g. the fmri table's <c>vertex_indices</c>).</summary>
    public TableMetadata Set(string key, JsonNode? value)
    {
        root[key] = value;
        return this;
    }

    /// <summary>Returns the key-value pairs to write into the Parquet footer.</summary>
    public IReadOnlyDictionary<string, string> ToKeyValues() => new Dictionary<string, string>(StringComparer.Ordinal) { [Key] = root.ToJsonString() };

    private static JsonArray Array(IEnumerable<int> values) => [.. values.Select(v => (JsonNode?)JsonValue.Create(v))];

    private static JsonArray Names(IEnumerable<string> values) => [.. values.Select(v => (JsonNode?)JsonValue.Create(v))];
}
