using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Json.Schema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Neurons.Annotation.Vlm;

/// <summary>
/// One VLM prompt: a system and a user message (a YAML file with the keys <c>system</c> and <c>user</c>)
/// and the JSON schema its reply must satisfy (a <c>.json</c> file). Identified by <see cref="Hash"/>,
/// the SHA-256 of the texts actually sent, so editing a prompt or its schema changes the hash, while
/// comments and layout of the files do not.
/// </summary>
public sealed class PromptTemplate
{
    private PromptTemplate(string name, string system, string user, JsonElement schema, JsonSchema validator)
    {
        Name = name;
        Validator = validator;
        System = system;
        User = user;
        Schema = schema;
        SchemaJson = JsonSerializer.Serialize(schema);
        Hash = ComputeHash(system, user, SchemaJson);
    }

    /// <summary>Gets the prompt name (the schema name sent to OpenAI-compatible servers), e.g. <c>caption</c>.</summary>
    public string Name { get; }

    /// <summary>Gets the system message.</summary>
    public string System { get; }

    /// <summary>Gets the user message (sent together with the image).</summary>
    public string User { get; }

    /// <summary>Gets the reply schema.</summary>
    public JsonElement Schema { get; }

    /// <summary>Gets the reply schema built for validation (JsonSchema.Net).</summary>
    internal JsonSchema Validator { get; }

    /// <summary>Gets the reply schema as compact JSON (the form sent and hashed).</summary>
    public string SchemaJson { get; }

    /// <summary>Gets the lowercase hex SHA-256 of the system text, user text and compact schema.</summary>
    public string Hash { get; }

    /// <summary>Loads a prompt file and its schema file.</summary>
    /// <param name="promptPath">A YAML file with the string keys <c>system</c> and <c>user</c>.</param>
    /// <param name="schemaPath">A JSON schema (draft 2020-12; unknown keywords are refused).</param>
    /// <exception cref="InvalidDataException">A file is missing, malformed, or is not a valid JSON schema (one line naming the file).</exception>
    public static PromptTemplate Load(string promptPath, string schemaPath)
    {
        var (system, user) = ReadPrompt(promptPath);
        var name = Path.GetFileNameWithoutExtension(schemaPath);
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        name = dot > 0 ? name[..dot] : name;
        return Create(name, system, user, ReadSchemaText(schemaPath), schemaPath);
    }

    /// <summary>Loads a prompt file whose reply schema is built by the caller (the concept fallback builds it from the concept list).</summary>
    /// <param name="promptPath">A YAML file with the string keys <c>system</c> and <c>user</c>.</param>
    /// <param name="name">The prompt name.</param>
    /// <param name="schemaJson">The reply schema.</param>
    /// <exception cref="InvalidDataException">The file is missing or malformed, or the schema is not a valid JSON schema (one line naming it).</exception>
    public static PromptTemplate LoadWithSchema(string promptPath, string name, string schemaJson)
    {
        var (system, user) = ReadPrompt(promptPath);
        return Create(name, system, user, schemaJson, promptPath);
    }

    /// <summary>Creates a prompt from texts (tests and tools); <paramref name="origin"/> names it in error messages.</summary>
    /// <exception cref="InvalidDataException">The schema is not valid JSON or not a valid JSON schema (e.g. an unknown keyword).</exception>
    public static PromptTemplate Create(string name, string system, string user, string schemaJson, string origin = "schema")
    {
        JsonElement schema;
        try
        {
            using var document = JsonDocument.Parse(schemaJson);
            schema = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{origin}: not valid JSON: {e.Message}", e);
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{origin}: a reply schema must be a JSON object");
        }

        JsonSchema validator;
        try
        {
            validator = JsonSchemaValidator.Build(schema);
        }
        catch (Exception e) when (e is JsonSchemaException or JsonException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"{origin}: not a usable reply schema: {e.Message.ReplaceLineEndings(" ")}", e);
        }

        return new PromptTemplate(name, system, user, schema, validator);
    }

    /// <summary>Combines prompt hashes into one (the <c>prompt_hash</c> of an annotation row).</summary>
    public static string CombineHashes(IEnumerable<string> hashes)
    {
        var joined = string.Join("\n", hashes);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(joined)));
    }

    private static string ComputeHash(string system, string user, string schemaJson)
    {
        var text = $"neurons-prompt-v1\u001e{system}\u001e{user}\u001e{schemaJson}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static string ReadSchemaText(string schemaPath)
    {
        try
        {
            return File.ReadAllText(schemaPath);
        }
        catch (IOException e)
        {
            throw new InvalidDataException($"{schemaPath}: cannot read the reply schema: {e.Message}", e);
        }
    }

    private static (string System, string User) ReadPrompt(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new InvalidDataException($"{path}: cannot read the prompt: {e.Message}", e);
        }

        var yaml = new YamlStream();
        try
        {
            yaml.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{path}: not valid YAML: {e.Message}", e);
        }

        if (yaml.Documents.Count != 1 || yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new InvalidDataException($"{path}: expected one mapping with the keys 'system' and 'user'");
        }

        string? system = null, user = null;
        foreach (var (keyNode, valueNode) in root.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value;
            var value = (valueNode as YamlScalarNode)?.Value
                ?? throw new InvalidDataException($"{path}: {key}: expected a string");
            switch (key)
            {
                case "system":
                    system = value.TrimEnd();
                    break;
                case "user":
                    user = value.TrimEnd();
                    break;
                default:
                    throw new InvalidDataException($"{path}: {key}: unknown key (expected 'system' and 'user')");
            }
        }

        return (
            string.IsNullOrWhiteSpace(system) ? throw new InvalidDataException($"{path}: system: missing or empty") : system,
            string.IsNullOrWhiteSpace(user) ? throw new InvalidDataException($"{path}: user: missing or empty") : user);
    }
}
