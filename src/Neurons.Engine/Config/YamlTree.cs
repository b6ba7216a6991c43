using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Neurons.Engine.Config;

/// <summary>
/// Parses YAML into plain trees: <see cref="Dictionary{TKey,TValue}"/> of string keys, lists, and
/// scalar strings (null for empty values).
/// </summary>
internal static class YamlTree
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

    public static Dictionary<string, object?> ParseMapping(string text, string file)
    {
        var root = Parse(text, file, "(document)");
        return root switch
        {
            null => new Dictionary<string, object?>(StringComparer.Ordinal),
            Dictionary<string, object?> map => map,
            _ => throw new ConfigException(file, "(document)", "expected a mapping of keys to values at the top level"),
        };
    }

    public static object? Parse(string text, string file, string key)
    {
        try
        {
            return Normalise(Deserializer.Deserialize<object?>(text), file, key);
        }
        catch (YamlException e)
        {
            throw new ConfigException(file, $"line {e.Start.Line}", $"invalid YAML: {e.InnerException?.Message ?? e.Message}");
        }
    }

    private static object? Normalise(object? node, string file, string key) => node switch
    {
        null => null,
        IDictionary<object, object?> map => map.ToDictionary(
            kv => kv.Key as string ?? throw new ConfigException(file, key, "mapping keys must be strings"),
            kv => Normalise(kv.Value, file, $"{key}.{kv.Key}"),
            StringComparer.Ordinal),
        IList<object?> list => list.Select((v, i) => Normalise(v, file, $"{key}[{i}]")).ToList(),
        string s => s,
        _ => Convert.ToString(node, System.Globalization.CultureInfo.InvariantCulture),
    };
}
