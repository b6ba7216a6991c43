using System.Globalization;
using System.Text.Json;
using Json.Schema;

namespace Neurons.Annotation.Vlm;

/// <summary>
/// Reply-schema checks through JsonSchema.Net (JSON Schema draft 2020-12, every keyword): the library decides
/// whether a reply conforms and which keyword failed where; this class only words each failure as one line
/// <c>$.path: message</c> that names the JSON path and the offending value. A schema with a keyword the
/// library does not know (a misspelling such as <c>maxLenght</c>) is refused when it is built, so a schema
/// never silently checks less than it says.
/// </summary>
internal static class JsonSchemaValidator
{
    private static readonly EvaluationOptions ListOutput = new() { OutputFormat = OutputFormat.List };

    /// <summary>Builds <paramref name="schema"/> for evaluation.</summary>
    /// <exception cref="JsonSchemaException">The schema is not a valid draft 2020-12 schema (e.g. an unknown keyword).</exception>
    public static JsonSchema Build(JsonElement schema) =>
        JsonSchema.Build(schema, new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    /// <summary>Validates <paramref name="instance"/> against a schema built here; returns every violation as <c>$.path: message</c> (empty when valid).</summary>
    public static IReadOnlyList<string> Validate(JsonElement schema, JsonElement instance) => Validate(Build(schema), schema, instance);

    /// <summary>Validates <paramref name="instance"/> against <paramref name="built"/> (built from <paramref name="schema"/>).</summary>
    public static IReadOnlyList<string> Validate(JsonSchema built, JsonElement schema, JsonElement instance)
    {
        var results = built.Evaluate(instance, ListOutput);
        var errors = new List<string>();
        if (results.IsValid)
        {
            return errors;
        }

        foreach (var node in results.Details ?? [])
        {
            if (node.Errors is not { Count: > 0 } failed)
            {
                continue;
            }

            var location = Segments(node.InstanceLocation.ToString());
            var value = Resolve(instance, location, out var path);
            var subschema = SubschemaAt(schema, instance, location);
            IEnumerable<string> keywords = failed.ContainsKey("type") ? ["type"] : failed.Keys;
            foreach (var keyword in keywords)
            {
                Describe(keyword, failed[keyword], subschema, value, path, location, instance, schema, errors);
            }
        }

        return errors;
    }

    private static void Describe(
        string keyword,
        string libraryMessage,
        JsonElement? subschema,
        JsonElement value,
        string path,
        IReadOnlyList<string> location,
        JsonElement instance,
        JsonElement schema,
        List<string> errors)
    {
        if (keyword.Length == 0 && location.Count > 0)
        {
            // The false schema failed: outside 'properties' under "additionalProperties": false, the property is unexpected.
            var parentLocation = location.Take(location.Count - 1).ToList();
            var parent = Resolve(instance, parentLocation, out var parentPath);
            errors.Add(parent.ValueKind == JsonValueKind.Object && SubschemaAt(schema, instance, parentLocation) is { } owner
                && owner.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False
                    ? $"{parentPath}: unexpected property '{location[^1]}'"
                    : $"{path}: no value is allowed here");
            return;
        }

        if (subschema is not { ValueKind: JsonValueKind.Object } own || !own.TryGetProperty(keyword, out var rule))
        {
            errors.Add($"{path}: {libraryMessage}");
            return;
        }

        switch (keyword)
        {
            case "type":
                errors.Add($"{path}: expected {DescribeType(rule)}, got {Describe(value)}");
                break;
            case "enum":
                errors.Add($"{path}: {Describe(value)} is not one of {rule.GetRawText()}");
                break;
            case "const":
                errors.Add($"{path}: expected {rule.GetRawText()}");
                break;
            case "required":
                errors.AddRange(rule.EnumerateArray()
                    .Select(r => r.GetString()!)
                    .Where(name => !value.TryGetProperty(name, out _))
                    .Select(name => $"{path}: missing required property '{name}'"));
                break;
            case "minItems":
                errors.Add($"{path}: {value.GetArrayLength()} items, at least {rule.GetRawText()} required");
                break;
            case "maxItems":
                errors.Add($"{path}: {value.GetArrayLength()} items, at most {rule.GetRawText()} allowed");
                break;
            case "uniqueItems":
                var items = value.EnumerateArray().ToList();
                for (var i = 1; i < items.Count; i++)
                {
                    var first = items.FindIndex(0, i, item => JsonElement.DeepEquals(item, items[i]));
                    if (first >= 0)
                    {
                        errors.Add($"{path}[{i}]: repeats item {first} ({items[i].GetRawText()})");
                    }
                }

                break;
            case "minLength":
                errors.Add($"{path}: {value.GetString()!.EnumerateRunes().Count()} characters, at least {rule.GetRawText()} required");
                break;
            case "maxLength":
                errors.Add($"{path}: {value.GetString()!.EnumerateRunes().Count()} characters, at most {rule.GetRawText()} allowed");
                break;
            case "pattern":
                errors.Add($"{path}: \"{Shorten(value.GetString()!)}\" does not match {rule.GetString()}");
                break;
            case "minimum":
                errors.Add($"{path}: {value.GetDouble().ToString(CultureInfo.InvariantCulture)} is below the minimum {rule.GetRawText()}");
                break;
            case "maximum":
                errors.Add($"{path}: {value.GetDouble().ToString(CultureInfo.InvariantCulture)} is above the maximum {rule.GetRawText()}");
                break;
            default:
                errors.Add($"{path}: {libraryMessage}");
                break;
        }
    }

    /// <summary>Splits a JSON Pointer (RFC 6901) into unescaped segments.</summary>
    private static List<string> Segments(string pointer) =>
        pointer.Length == 0
            ? []
            : pointer.TrimStart('#')[1..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();

    /// <summary>Returns the instance value at <paramref name="location"/> and its path written <c>$.a[0].b</c>.</summary>
    private static JsonElement Resolve(JsonElement instance, IReadOnlyList<string> location, out string path)
    {
        var text = new System.Text.StringBuilder("$");
        var current = instance;
        foreach (var segment in location)
        {
            if (current.ValueKind == JsonValueKind.Array)
            {
                text.Append('[').Append(segment).Append(']');
                current = current[int.Parse(segment, CultureInfo.InvariantCulture)];
            }
            else
            {
                text.Append('.').Append(segment);
                current = current.GetProperty(segment);
            }
        }

        path = text.ToString();
        return current;
    }

    /// <summary>
    /// The subschema that applies at an instance location, followed through <c>properties</c>,
    /// <c>additionalProperties</c> and <c>items</c>; null where the schema reaches it another way
    /// (combinators, references), where the library's own message is used instead.
    /// </summary>
    private static JsonElement? SubschemaAt(JsonElement schema, JsonElement instance, IReadOnlyList<string> location)
    {
        var current = schema;
        var value = instance;
        foreach (var segment in location)
        {
            if (current.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Array)
            {
                if (!current.TryGetProperty("items", out current))
                {
                    return null;
                }

                value = value[int.Parse(segment, CultureInfo.InvariantCulture)];
                continue;
            }

            value = value.GetProperty(segment);
            if (current.TryGetProperty("properties", out var properties) && properties.TryGetProperty(segment, out var named))
            {
                current = named;
            }
            else if (!current.TryGetProperty("additionalProperties", out current))
            {
                return null;
            }
        }

        return current;
    }

    private static string DescribeType(JsonElement type) =>
        type.ValueKind == JsonValueKind.Array
            ? string.Join(" or ", type.EnumerateArray().Select(t => t.GetString()))
            : type.GetString()!;

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"string \"{Shorten(value.GetString()!)}\"",
        JsonValueKind.Number => $"number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"boolean {value.GetRawText()}",
        _ => "null",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
