using System.Globalization;

namespace Neurons.Engine.Config;

/// <summary>Reads and checks one <c>stage.yaml</c>.</summary>
internal static class StageDefinitionLoader
{
    private static readonly HashSet<string> Keys =
        ["name", "version", "description", "scope", "splits", "inputs", "optional_inputs", "outputs", "sources", "concurrency", "code", "params"];

    private static readonly HashSet<string> ParameterKeys = ["type", "default", "doc", "allowed", "operational"];

    /// <param name="file">The <c>stage.yaml</c>.</param>
    /// <param name="pathBase">The folder relative path defaults resolve against; the file's own folder when null.</param>
    public static StageDefinition Load(string file, string? pathBase = null)
    {
        var map = YamlTree.ParseMapping(File.ReadAllText(file), file);
        foreach (var key in map.Keys.Where(k => !Keys.Contains(k)))
        {
            throw new ConfigException(file, key, $"unknown key (known: {string.Join(", ", Keys)})");
        }

        var name = RequiredString(map, "name", file);
        var folder = Path.GetFileName(Path.GetDirectoryName(file));
        if (folder != name)
        {
            throw new ConfigException(file, "name", $"'{name}' must equal the stage's folder name '{folder}'");
        }

        var scope = Optional(map, "scope") switch
        {
            null or "shard" => StageScope.Shard,
            "global" => StageScope.Global,
            var other => throw new ConfigException(file, "scope", $"'{other}' is not a scope (use shard or global)"),
        };
        var concurrencyText = Optional(map, "concurrency") as string ?? "1";
        if (!int.TryParse(concurrencyText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var concurrency) || concurrency < 1)
        {
            throw new ConfigException(file, "concurrency", $"expected a positive integer, got '{concurrencyText}'");
        }

        return new StageDefinition
        {
            Name = name,
            Version = RequiredString(map, "version", file),
            Description = RequiredString(map, "description", file),
            Scope = scope,
            Splits = StringList(map, "splits", file),
            Inputs = StringList(map, "inputs", file),
            OptionalInputs = StringList(map, "optional_inputs", file),
            Outputs = StringList(map, "outputs", file) is { Count: > 0 } outputs
                ? outputs
                : throw new ConfigException(file, "outputs", "a stage must write at least one table"),
            Sources = StringList(map, "sources", file),
            Code = StringList(map, "code", file),
            Concurrency = concurrency,
            Parameters = Parameters(map, file, pathBase ?? Path.GetDirectoryName(file)!),
            File = file,
        };
    }

    private static List<ParameterDefinition> Parameters(Dictionary<string, object?> map, string file, string baseDirectory)
    {
        var result = new List<ParameterDefinition>();
        if (Optional(map, "params") is not { } raw)
        {
            return result;
        }

        if (raw is not Dictionary<string, object?> parameters)
        {
            throw new ConfigException(file, "params", "expected a mapping of parameter names");
        }

        foreach (var (name, body) in parameters)
        {
            var key = $"params.{name}";
            if (body is not Dictionary<string, object?> p)
            {
                throw new ConfigException(file, key, "expected a mapping with type, default and doc");
            }

            foreach (var unknown in p.Keys.Where(k => !ParameterKeys.Contains(k)))
            {
                throw new ConfigException(file, $"{key}.{unknown}", "unknown key (known: type, default, doc, allowed, operational)");
            }

            var type = ParameterValues.ParseType(Optional(p, "type") as string, file, $"{key}.type");
            var doc = Optional(p, "doc") as string;
            if (string.IsNullOrWhiteSpace(doc))
            {
                throw new ConfigException(file, $"{key}.doc", "every parameter needs a one-line doc");
            }

            var allowed = StringList(p, "allowed", file, key + ".");
            var operational = Optional(p, "operational") switch
            {
                null or "false" => false,
                "true" => true,
                var other => throw new ConfigException(file, $"{key}.operational", $"expected true or false, got '{other}'"),
            };
            var definition = new ParameterDefinition(name, type, string.Empty, doc, allowed) { Operational = operational };
            if (!p.TryGetValue("default", out var rawDefault))
            {
                throw new ConfigException(file, $"{key}.default", "every parameter needs a default");
            }

            var value = ParameterValues.Convert(definition, rawDefault ?? (type == ParameterType.List ? new List<object?>() : string.Empty), file, $"{key}.default", baseDirectory);
            result.Add(definition with { Default = value });
        }

        return result;
    }

    private static object? Optional(Dictionary<string, object?> map, string key) => map.GetValueOrDefault(key);

    private static string RequiredString(Dictionary<string, object?> map, string key, string file) =>
        Optional(map, key) is string { Length: > 0 } s ? s : throw new ConfigException(file, key, "required and must be a non-empty string");

    private static List<string> StringList(Dictionary<string, object?> map, string key, string file, string prefix = "") => Optional(map, key) switch
    {
        null => [],
        List<object?> list => list.Select((v, i) => v as string ?? throw new ConfigException(file, $"{prefix}{key}[{i}]", "expected a string")).ToList(),
        _ => throw new ConfigException(file, prefix + key, "expected a list"),
    };
}
