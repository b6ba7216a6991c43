using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Neurons.Engine.Config;

/// <summary>
/// Parses YAML into plain trees: <see cref="Dictionary{TKey,TValue}"/> of string keys, lists, and
/// scalar strings (null for empty values, <c>~</c> and <c>null</c>). A key that appears twice in one
/// mapping is refused, naming both lines (YAML forbids it; most loaders silently keep the last).
/// </summary>
internal static class YamlTree
{
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
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            var anchors = new Dictionary<string, object?>(StringComparer.Ordinal);
            var value = ReadNode(parser, file, key, anchors);
            parser.Consume<DocumentEnd>();
            if (!parser.Accept<StreamEnd>(out _))
            {
                throw new ConfigException(file, key, "holds more than one YAML document");
            }

            return value;
        }
        catch (YamlException e)
        {
            throw new ConfigException(file, $"line {e.Start.Line}", $"invalid YAML: {e.InnerException?.Message ?? e.Message}");
        }
    }

    private static object? ReadNode(IParser parser, string file, string key, Dictionary<string, object?> anchors)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            return anchors.TryGetValue(alias.Value.Value, out var target)
                ? target
                : throw new ConfigException(file, key, $"line {alias.Start.Line}: alias *{alias.Value} has no anchor");
        }

        object? value;
        AnchorName anchor;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            anchor = scalar.Anchor;
            value = scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL" ? null : scalar.Value;
        }
        else if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            anchor = sequenceStart.Anchor;
            var list = new List<object?>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                list.Add(ReadNode(parser, file, string.Create(CultureInfo.InvariantCulture, $"{key}[{list.Count}]"), anchors));
            }

            value = list;
        }
        else
        {
            var mappingStart = parser.Consume<MappingStart>();
            anchor = mappingStart.Anchor;
            var map = new Dictionary<string, object?>(StringComparer.Ordinal);
            var lines = new Dictionary<string, long>(StringComparer.Ordinal);
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var keyStart = parser.Current!.Start;
                var name = parser.TryConsume<Scalar>(out var keyScalar)
                    ? keyScalar.Value
                    : throw new ConfigException(file, key, $"line {keyStart.Line}: mapping keys must be strings");
                var path = key == "(document)" ? name : $"{key}.{name}";
                if (lines.TryGetValue(name, out var firstLine))
                {
                    throw new ConfigException(file, path, $"duplicate key on lines {firstLine} and {keyStart.Line}; keep one of them");
                }

                lines[name] = keyStart.Line;
                map[name] = ReadNode(parser, file, path, anchors);
            }

            value = map;
        }

        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = value;
        }

        return value;
    }
}
