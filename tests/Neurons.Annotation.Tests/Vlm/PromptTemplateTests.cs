using Neurons.Annotation.Vlm;

namespace Neurons.Annotation.Tests.Vlm;

public sealed class PromptTemplateTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("prompts-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Load_RepositoryPrompts_HaveTextsSchemasAndDistinctHashes()
    {
        // Given the repository's two prompts
        // When they are loaded
        var caption = TestPrompts.Caption;
        var objects = TestPrompts.Objects;

        // Then they carry their texts, names taken from the schema files, JSON instructions, and 64-hex hashes
        Assert.Equal("caption", caption.Name);
        Assert.Equal("objects", objects.Name);
        Assert.Contains("boy, girl, man or woman", caption.System, StringComparison.Ordinal);
        Assert.Contains("singular noun", objects.System, StringComparison.Ordinal);
        Assert.Contains("Respond in JSON", caption.User, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{64}$", caption.Hash);
        Assert.NotEqual(caption.Hash, objects.Hash);
    }

    [Fact]
    public void Hash_WhenOnlyCommentsChange_StaysTheSame_AndWhenTextChanges_Differs()
    {
        // Given a prompt file, the same file with a comment added, and one with a changed user text
        var schema = Write("s.schema.json", """{"type":"object"}""");
        var a = PromptTemplate.Load(Write("a.yaml", "system: Be brief.\nuser: Describe.\n"), schema);
        var b = PromptTemplate.Load(Write("b.yaml", "# a comment\nsystem: Be brief.\nuser: Describe.\n"), schema);
        var c = PromptTemplate.Load(Write("c.yaml", "system: Be brief.\nuser: Describe it.\n"), schema);

        // When / Then only the text change changes the hash
        Assert.Equal(a.Hash, b.Hash);
        Assert.NotEqual(a.Hash, c.Hash);
    }

    [Fact]
    public void Hash_WhenSchemaChanges_Differs()
    {
        // Given one prompt file with two schemas that differ in one keyword
        var prompt = Write("p.yaml", "system: S\nuser: U\n");
        var first = PromptTemplate.Load(prompt, Write("x.schema.json", """{"type":"object","required":["a"]}"""));
        var second = PromptTemplate.Load(prompt, Write("y.schema.json", """{"type":"object","required":["b"]}"""));

        // When / Then their hashes differ
        Assert.NotEqual(first.Hash, second.Hash);
    }

    [Theory]
    [InlineData("system: S\nuser: U\nexamples: E\n", "examples: unknown key")]
    [InlineData("system: S\n", "user: missing or empty")]
    [InlineData("system: [S]\nuser: U\n", "system: expected a string")]
    public void Load_WhenPromptFileIsWrong_NamesFileAndKey(string yaml, string expected)
    {
        // Given a prompt file with an unknown, missing or mistyped key
        var path = Write("bad.yaml", yaml);

        // When it is loaded
        var error = Assert.Throws<InvalidDataException>(() => PromptTemplate.Load(path, Write("s.schema.json", "{}")));

        // Then the message names the file and the key
        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenSchemaMisspellsAKeyword_RefusesNamingFileAndKeyword()
    {
        // Given a schema whose "maxLength" is misspelled (a keyword JSON Schema does not know checks nothing)
        var schema = Write("bad.schema.json", """{"type":"object","properties":{"x":{"type":"string","maxLenght":3}}}""");

        // When it is loaded
        var error = Assert.Throws<InvalidDataException>(() => PromptTemplate.Load(Write("p.yaml", "system: S\nuser: U\n"), schema));

        // Then one line names the file and the unknown keyword
        Assert.StartsWith($"{schema}: not a usable reply schema: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("maxLenght", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Load_WhenSchemaUsesAnyOf_AcceptsAndChecksIt()
    {
        // Given a schema with "anyOf" (a keyword the hand-written validator refused; JsonSchema.Net checks it)
        var schema = Write("any.schema.json", """{"type":"object","properties":{"x":{"anyOf":[{"type":"string"},{"type":"integer"}]}}}""");

        // When it is loaded and replies are checked
        var prompt = PromptTemplate.Load(Write("p.yaml", "system: S\nuser: U\n"), schema);

        // Then a string and an integer pass, a boolean is refused at its path
        Assert.Empty(JsonSchemaValidator.Validate(prompt.Validator, prompt.Schema, Parse("""{"x":"a"}""")));
        Assert.Empty(JsonSchemaValidator.Validate(prompt.Validator, prompt.Schema, Parse("""{"x":3}""")));
        var errors = JsonSchemaValidator.Validate(prompt.Validator, prompt.Schema, Parse("""{"x":true}"""));
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.StartsWith("$.x: ", e, StringComparison.Ordinal));
    }

    private static System.Text.Json.JsonElement Parse(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
