using System.Globalization;

namespace Neurons.Engine.Config;

/// <summary>Converts raw YAML/environment values to the declared parameter types.</summary>
public static class ParameterValues
{
    /// <summary>Converts <paramref name="raw"/> or throws a <see cref="ConfigException"/> naming <paramref name="file"/> and <paramref name="key"/>.</summary>
    public static object Convert(ParameterDefinition definition, object? raw, string file, string key, string baseDirectory)
    {
        object value = definition.Type switch
        {
            ParameterType.Int => (object)ToInt(raw, file, key),
            ParameterType.Float => ToFloat(raw, file, key),
            ParameterType.Bool => ToBool(raw, file, key),
            ParameterType.String => ToScalar(raw, file, key, "a string"),
            ParameterType.List => ToList(raw, file, key),
            ParameterType.Path => ToPath(raw, file, key, baseDirectory),
            ParameterType.DatasetPath => ToScalar(raw, file, key, "a path relative to the dataset root"),
            _ => throw new ConfigException(file, key, $"unsupported type {definition.Type}"),
        };
        if (definition.Allowed.Count > 0)
        {
            var items = value is List<object> list ? list.Select(v => (string)v) : [Text(value)];
            foreach (var item in items)
            {
                if (!definition.Allowed.Contains(item))
                {
                    throw new ConfigException(file, key, $"'{item}' is not allowed (allowed: {string.Join(", ", definition.Allowed)})");
                }
            }
        }

        return value;
    }

    /// <summary>Parses a type name of <c>stage.yaml</c>.</summary>
    public static ParameterType ParseType(string? name, string file, string key) => name switch
    {
        "int" => ParameterType.Int,
        "float" => ParameterType.Float,
        "bool" => ParameterType.Bool,
        "string" => ParameterType.String,
        "list" => ParameterType.List,
        "path" => ParameterType.Path,
        "dataset_path" => ParameterType.DatasetPath,
        _ => throw new ConfigException(file, key, $"unknown parameter type '{name}' (use int, float, bool, string, list, path or dataset_path)"),
    };

    /// <summary>Formats a typed value the way it was written.</summary>
    public static string Text(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        List<object> list => "[" + string.Join(", ", list.Select(Text)) + "]",
        _ => System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private static long ToInt(object? raw, string file, string key) =>
        raw is string s && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new ConfigException(file, key, $"expected an integer, got {Describe(raw)}");

    private static double ToFloat(object? raw, string file, string key) =>
        raw is string s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw new ConfigException(file, key, $"expected a number, got {Describe(raw)}");

    private static bool ToBool(object? raw, string file, string key) => raw switch
    {
        "true" or "True" or "yes" => true,
        "false" or "False" or "no" => false,
        _ => throw new ConfigException(file, key, $"expected true or false, got {Describe(raw)}"),
    };

    private static string ToScalar(object? raw, string file, string key, string what) =>
        raw as string ?? throw new ConfigException(file, key, $"expected {what}, got {Describe(raw)}");

    private static List<object> ToList(object? raw, string file, string key) => raw switch
    {
        List<object?> list => list.Select((v, i) => (object)ToScalar(v, file, $"{key}[{i}]", "a scalar list item")).ToList(),
        string s when s.Length == 0 => [],
        _ => throw new ConfigException(file, key, $"expected a list, got {Describe(raw)}"),
    };

    private static string ToPath(object? raw, string file, string key, string baseDirectory)
    {
        var text = ToScalar(raw, file, key, "a file path");
        return text.Length == 0 ? string.Empty : Path.GetFullPath(text, baseDirectory);
    }

    private static string Describe(object? raw) => raw switch
    {
        null => "nothing",
        string s => $"'{s}'",
        List<object?> => "a list",
        _ => "a mapping",
    };
}
