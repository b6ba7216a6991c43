using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Neurons.Annotation.Vlm;

/// <summary>
/// Validates a JSON value against the subset of JSON Schema (draft 2020-12 vocabulary) that reply
/// schemas use: <c>type</c>, <c>properties</c>, <c>required</c>, <c>additionalProperties</c> (bool or
/// schema), <c>items</c>, <c>minItems</c>, <c>maxItems</c>, <c>uniqueItems</c>, <c>minLength</c>,
/// <c>maxLength</c>, <c>pattern</c>, <c>enum</c>, <c>const</c>, <c>minimum</c>, <c>maximum</c>.
/// Annotations (<c>title</c>, <c>description</c>, <c>$schema</c>, <c>$id</c>, <c>examples</c>) are ignored;
/// any other keyword is rejected when the schema is loaded, so a schema never silently checks less
/// than it says.
/// </summary>
internal static class JsonSchemaValidator
{
    private static readonly HashSet<string> Checked =
    [
        "type", "properties", "required", "additionalProperties", "items", "minItems", "maxItems",
        "uniqueItems", "minLength", "maxLength", "pattern", "enum", "const", "minimum", "maximum",
    ];

    private static readonly HashSet<string> Ignored = ["title", "description", "$schema", "$id", "examples", "default"];

    /// <summary>Returns the keywords of <paramref name="schema"/> (at any depth) this validator cannot check, as JSON paths.</summary>
    public static IReadOnlyList<string> FindUnsupportedKeywords(JsonElement schema)
    {
        var found = new List<string>();
        CollectUnsupported(schema, "#", found);
        return found;
    }

    /// <summary>Validates <paramref name="instance"/>; returns every violation as <c>$.path: message</c> (empty when valid).</summary>
    public static IReadOnlyList<string> Validate(JsonElement schema, JsonElement instance)
    {
        var errors = new List<string>();
        Validate(schema, instance, "$", errors);
        return errors;
    }

    private static void CollectUnsupported(JsonElement schema, string path, List<string> found)
    {
        if (schema.ValueKind == JsonValueKind.True || schema.ValueKind == JsonValueKind.False)
        {
            return;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            found.Add($"{path} (a schema must be an object or a boolean)");
            return;
        }

        foreach (var property in schema.EnumerateObject())
        {
            var name = property.Name;
            if (!Checked.Contains(name) && !Ignored.Contains(name))
            {
                found.Add($"{path}/{name}");
                continue;
            }

            if (name == "properties" && property.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var child in property.Value.EnumerateObject())
                {
                    CollectUnsupported(child.Value, $"{path}/properties/{child.Name}", found);
                }
            }
            else if (name is "items" or "additionalProperties" && property.Value.ValueKind == JsonValueKind.Object)
            {
                CollectUnsupported(property.Value, $"{path}/{name}", found);
            }
        }
    }

    private static void Validate(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.ValueKind == JsonValueKind.True)
        {
            return;
        }

        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add($"{path}: no value is allowed here");
            return;
        }

        if (schema.TryGetProperty("type", out var type) && !MatchesType(type, value))
        {
            errors.Add($"{path}: expected {DescribeType(type)}, got {Describe(value)}");
            return;
        }

        if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => JsonElement.DeepEquals(a, value)))
        {
            errors.Add($"{path}: {Describe(value)} is not one of {allowed.GetRawText()}");
        }

        if (schema.TryGetProperty("const", out var constant) && !JsonElement.DeepEquals(constant, value))
        {
            errors.Add($"{path}: expected {constant.GetRawText()}");
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                ValidateObject(schema, value, path, errors);
                break;
            case JsonValueKind.Array:
                ValidateArray(schema, value, path, errors);
                break;
            case JsonValueKind.String:
                ValidateString(schema, value.GetString()!, path, errors);
                break;
            case JsonValueKind.Number:
                ValidateNumber(schema, value.GetDouble(), path, errors);
                break;
        }
    }

    private static void ValidateObject(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                if (!value.TryGetProperty(name, out _))
                {
                    errors.Add($"{path}: missing required property '{name}'");
                }
            }
        }

        schema.TryGetProperty("properties", out var properties);
        var hasAdditional = schema.TryGetProperty("additionalProperties", out var additional);
        foreach (var property in value.EnumerateObject())
        {
            var childPath = $"{path}.{property.Name}";
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var childSchema))
            {
                Validate(childSchema, property.Value, childPath, errors);
            }
            else if (hasAdditional)
            {
                if (additional.ValueKind == JsonValueKind.False)
                {
                    errors.Add($"{path}: unexpected property '{property.Name}'");
                }
                else
                {
                    Validate(additional, property.Value, childPath, errors);
                }
            }
        }
    }

    private static void ValidateArray(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        var count = value.GetArrayLength();
        if (schema.TryGetProperty("minItems", out var minItems) && count < minItems.GetInt32())
        {
            errors.Add($"{path}: {count} items, at least {minItems.GetInt32()} required");
        }

        if (schema.TryGetProperty("maxItems", out var maxItems) && count > maxItems.GetInt32())
        {
            errors.Add($"{path}: {count} items, at most {maxItems.GetInt32()} allowed");
        }

        var items = value.EnumerateArray().ToList();
        if (schema.TryGetProperty("items", out var itemSchema))
        {
            for (var i = 0; i < items.Count; i++)
            {
                Validate(itemSchema, items[i], $"{path}[{i}]", errors);
            }
        }

        if (schema.TryGetProperty("uniqueItems", out var unique) && unique.ValueKind == JsonValueKind.True)
        {
            for (var i = 0; i < items.Count; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    if (JsonElement.DeepEquals(items[i], items[j]))
                    {
                        errors.Add($"{path}[{i}]: repeats item {j} ({items[i].GetRawText()})");
                        break;
                    }
                }
            }
        }
    }

    private static void ValidateString(JsonElement schema, string text, string path, List<string> errors)
    {
        var length = text.EnumerateRunes().Count();
        if (schema.TryGetProperty("minLength", out var minLength) && length < minLength.GetInt32())
        {
            errors.Add($"{path}: {length} characters, at least {minLength.GetInt32()} required");
        }

        if (schema.TryGetProperty("maxLength", out var maxLength) && length > maxLength.GetInt32())
        {
            errors.Add($"{path}: {length} characters, at most {maxLength.GetInt32()} allowed");
        }

        if (schema.TryGetProperty("pattern", out var pattern)
            && !Regex.IsMatch(text, pattern.GetString()!, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
        {
            errors.Add($"{path}: \"{Shorten(text)}\" does not match {pattern.GetString()}");
        }
    }

    private static void ValidateNumber(JsonElement schema, double number, string path, List<string> errors)
    {
        if (schema.TryGetProperty("minimum", out var minimum) && number < minimum.GetDouble())
        {
            errors.Add($"{path}: {number.ToString(CultureInfo.InvariantCulture)} is below the minimum {minimum.GetRawText()}");
        }

        if (schema.TryGetProperty("maximum", out var maximum) && number > maximum.GetDouble())
        {
            errors.Add($"{path}: {number.ToString(CultureInfo.InvariantCulture)} is above the maximum {maximum.GetRawText()}");
        }
    }

    private static bool MatchesType(JsonElement type, JsonElement value) =>
        type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Any(t => MatchesType(t.GetString()!, value))
            : MatchesType(type.GetString()!, value);

    private static bool MatchesType(string type, JsonElement value) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && Math.Floor(d) == d,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => false,
    };

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
