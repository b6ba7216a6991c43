using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Neurons.Engine.Stages;

/// <summary>
/// The effective parameters of one stage: the <c>stage.yaml</c> defaults overridden by
/// <c>pipeline.yaml</c> (base, then profile) and by environment variables, already type-checked.
/// Values are <see cref="long"/>, <see cref="double"/>, <see cref="bool"/>, <see cref="string"/> or a
/// list of those.
/// </summary>
public sealed class StageParameters
{
    private static readonly JsonSerializerOptions BindOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip,
    };

    private readonly SortedDictionary<string, object> values;
    private readonly IReadOnlyDictionary<string, (string File, string Key)> origins;

    /// <summary>Initializes a new instance of the <see cref="StageParameters"/> class.</summary>
    /// <param name="values">The effective values by parameter name.</param>
    /// <param name="origins">Where each overridden value came from (file or environment variable); defaults are absent.</param>
    public StageParameters(IDictionary<string, object> values, IReadOnlyDictionary<string, (string File, string Key)>? origins = null)
    {
        this.values = new SortedDictionary<string, object>(values, StringComparer.Ordinal);
        this.origins = origins ?? new Dictionary<string, (string File, string Key)>(StringComparer.Ordinal);
    }

    /// <summary>
    /// Returns where a parameter's value came from: the file and key that overrode it (<c>pipeline.yaml</c>,
    /// <c>profiles.mini.stages.slice.size</c>), the environment variable, or the stage's <c>stage.yaml</c> default.
    /// </summary>
    public (string File, string Key) Origin(string name, Config.StageDefinition stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        return origins.TryGetValue(name, out var origin) ? origin : ($"stages/{stage.Name}/stage.yaml", $"params.{name}.default");
    }

    /// <summary>Gets the parameter names.</summary>
    public IEnumerable<string> Names => values.Keys;

    /// <summary>Gets a raw value.</summary>
    public object this[string name] =>
        values.TryGetValue(name, out var v) ? v : throw new KeyNotFoundException($"unknown parameter '{name}'");

    /// <summary>Gets an integer parameter.</summary>
    public long GetInt(string name) => Convert.ToInt64(this[name], CultureInfo.InvariantCulture);

    /// <summary>Gets a floating-point parameter.</summary>
    public double GetDouble(string name) => Convert.ToDouble(this[name], CultureInfo.InvariantCulture);

    /// <summary>Gets a boolean parameter.</summary>
    public bool GetBool(string name) => (bool)this[name];

    /// <summary>Gets a string parameter.</summary>
    public string GetString(string name) => (string)this[name];

    /// <summary>Gets a list parameter as strings.</summary>
    public IReadOnlyList<string> GetList(string name) =>
        ((IEnumerable<object>)this[name]).Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? string.Empty).ToList();

    /// <summary>
    /// Binds the parameters to an options record whose properties are the PascalCase forms of the
    /// snake_case parameter names.
    /// </summary>
    public T Bind<T>() => ToJson().Deserialize<T>(BindOptions)
        ?? throw new InvalidOperationException($"cannot bind parameters to {typeof(T).Name}");

    /// <summary>Returns the parameters as a JSON object with keys in ordinal order (the canonical form fingerprints hash).</summary>
    public JsonObject ToJson()
    {
        var o = new JsonObject();
        foreach (var (k, v) in values)
        {
            o[k] = ToNode(v);
        }

        return o;
    }

    private static JsonNode? ToNode(object v) => v switch
    {
        long l => JsonValue.Create(l),
        int i => JsonValue.Create((long)i),
        double d => JsonValue.Create(d),
        bool b => JsonValue.Create(b),
        string s => JsonValue.Create(s),
        IEnumerable<object> list => new JsonArray(list.Select(ToNode).ToArray()),
        _ => throw new InvalidOperationException($"unsupported parameter value type {v.GetType().Name}"),
    };
}
