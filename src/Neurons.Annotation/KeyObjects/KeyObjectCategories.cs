using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Neurons.Annotation.KeyObjects;

/// <summary>The background and priority category lists of the key-object rules (data, not code).</summary>
public sealed class KeyObjectCategories
{
    /// <summary>Initializes a new instance of the <see cref="KeyObjectCategories"/> class. Names compare case-insensitively.</summary>
    public KeyObjectCategories(IEnumerable<string> background, IEnumerable<string> priority)
    {
        Background = new HashSet<string>(background, StringComparer.OrdinalIgnoreCase);
        Priority = new HashSet<string>(priority, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Gets the categories never chosen as key object.</summary>
    public IReadOnlySet<string> Background { get; }

    /// <summary>Gets the categories whose displacement is weighted and that are chosen first.</summary>
    public IReadOnlySet<string> Priority { get; }

    /// <summary>Reads a YAML file with two lists, <c>background</c> and <c>priority</c>.</summary>
    /// <exception cref="FormatException">The file lacks either list; the message names the file and key.</exception>
    public static KeyObjectCategories Load(string path)
    {
        object? root;
        try
        {
            root = new DeserializerBuilder().WithDuplicateKeyChecking().Build().Deserialize<object>(File.ReadAllText(path));
        }
        catch (YamlException e)
        {
            throw new FormatException($"{path}: not valid YAML ({e.Start.Line}:{e.Start.Column}: {e.Message})", e);
        }

        if (root is not Dictionary<object, object> top)
        {
            throw new FormatException($"{path}: expected a mapping with lists 'background' and 'priority'");
        }

        return new KeyObjectCategories(List(top, "background", path), List(top, "priority", path));
    }

    private static List<string> List(Dictionary<object, object> top, string key, string path) =>
        top.TryGetValue(key, out var value) && value is List<object> list && list.All(v => v is string)
            ? list.Cast<string>().ToList()
            : throw new FormatException($"{path}: '{key}' must be a list of category names");
}
