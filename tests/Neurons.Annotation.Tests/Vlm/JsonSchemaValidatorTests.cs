using System.Text.Json;
using Neurons.Annotation.Vlm;

namespace Neurons.Annotation.Tests.Vlm;

public sealed class JsonSchemaValidatorTests
{
    [Theory]
    [InlineData("""{"objects":["dog","road"]}""")]
    [InlineData("""{"objects":["t-shirt"]}""")]
    public void Validate_WhenReplyFitsObjectSchema_ReturnsNoError(string reply)
    {
        // Given the repository's object schema and a conforming reply
        // When it is validated
        var errors = JsonSchemaValidator.Validate(TestPrompts.Objects.Schema, Parse(reply));

        // Then there is no error
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("""{"objects":"dog"}""", "$.objects: expected array, got string \"dog\"")]
    [InlineData("""{"objects":[]}""", "$.objects: 0 items, at least 1 required")]
    [InlineData("""{"objects":["dog","dog"]}""", "$.objects[1]: repeats item 0 (\"dog\")")]
    [InlineData("""{"objects":["brown dog"]}""", "$.objects[0]: \"brown dog\" does not match ^[A-Za-z]+(-[A-Za-z]+)*$")]
    [InlineData("""{"objects":[3]}""", "$.objects[0]: expected string, got number 3")]
    [InlineData("""{"objects":["dog"],"extra":1}""", "$: unexpected property 'extra'")]
    [InlineData("""["dog"]""", "$: expected object, got an array")]
    public void Validate_WhenReplyViolatesObjectSchema_NamesPathAndRule(string reply, string expected)
    {
        // Given the repository's object schema and a reply that breaks one rule
        // When it is validated
        var errors = JsonSchemaValidator.Validate(TestPrompts.Objects.Schema, Parse(reply));

        // Then the error names the JSON path and the rule
        Assert.Equal([expected], errors);
    }

    [Fact]
    public void Validate_WhenPropertyMisnamed_ReportsMissingAndUnexpected()
    {
        // Given a reply naming its list "items" instead of "objects"
        // When it is validated against the object schema (additionalProperties false)
        var errors = JsonSchemaValidator.Validate(TestPrompts.Objects.Schema, Parse("""{"items":["dog"]}"""));

        // Then both the missing and the unexpected property are reported
        Assert.Equal(["$: missing required property 'objects'", "$: unexpected property 'items'"], errors);
    }

    [Fact]
    public void Validate_WhenCaptionTooLong_ReportsLength()
    {
        // Given a caption of 201 characters
        var reply = JsonSerializer.Serialize(new { caption = new string('a', 201) });

        // When it is validated against the caption schema
        var errors = JsonSchemaValidator.Validate(TestPrompts.Caption.Schema, Parse(reply));

        // Then the maximum length is the complaint
        Assert.Equal(["$.caption: 201 characters, at most 200 allowed"], errors);
    }

    [Fact]
    public void Validate_NumbersEnumsAndConst_AreChecked()
    {
        // Given a schema with an integer range, an enum and a const
        var schema = Parse("""
            {"type":"object","properties":{"n":{"type":"integer","minimum":1,"maximum":3},"e":{"enum":["a","b"]},"c":{"const":true}}}
            """);

        // When a value breaks each of them
        var errors = JsonSchemaValidator.Validate(schema, Parse("""{"n":4,"e":"z","c":false}"""));

        // Then each is reported
        Assert.Equal(
            ["$.n: 4 is above the maximum 3", "$.e: string \"z\" is not one of [\"a\",\"b\"]", "$.c: expected true"],
            errors);
        Assert.Equal(["$.n: expected integer, got number 1.5"], JsonSchemaValidator.Validate(schema, Parse("""{"n":1.5}""")));
    }

    [Fact]
    public void Build_WhenSchemaHasAnUnknownKeyword_Throws()
    {
        // Given a schema with a keyword JSON Schema 2020-12 does not define, nested in a property
        var schema = Parse("""{"type":"object","properties":{"x":{"minLenght":1}}}""");

        // When it is built / Then it is refused naming the keyword
        var error = Assert.Throws<Json.Schema.JsonSchemaException>(() => JsonSchemaValidator.Build(schema));
        Assert.Contains("minLenght", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenAdditionalPropertiesIsASchema_ChecksTheExtraValues()
    {
        // Given a schema whose extra properties must be strings of at most 3 characters
        var schema = Parse("""{"type":"object","additionalProperties":{"type":"string","maxLength":3}}""");

        // When one extra property is too long and one has the wrong type
        var errors = JsonSchemaValidator.Validate(schema, Parse("""{"a":"abcd","b":1,"c":"ok"}"""));

        // Then each is reported at its own path
        Assert.Equal(["$.a: 4 characters, at most 3 allowed", "$.b: expected string, got number 1"], errors);
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
