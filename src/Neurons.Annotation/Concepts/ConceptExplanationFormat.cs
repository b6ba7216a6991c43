using System.Text;
using System.Text.Json.Nodes;

namespace Neurons.Annotation.Concepts;

/// <summary>How <c>pipeline concepts explain</c> prints a <see cref="ConceptExplanation"/>: a few text lines, or one JSON object.</summary>
public static class ConceptExplanationFormat
{
    /// <summary>The explanation as text: the name and its concepts, the rule and reason, each sense considered, each path walked.</summary>
    public static string ToText(ConceptExplanation explanation)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        var mapping = explanation.Mapping;
        var text = new StringBuilder();
        text.Append(explanation.Name).Append(" -> ")
            .Append(explanation.Concepts.Count > 0 ? string.Join(", ", explanation.Concepts) : "(unmapped)")
            .Append("  [").Append(mapping.Source).Append(']').Append('\n');
        text.Append("  why: ").Append(mapping.Reason).Append('\n');
        foreach (var sense in explanation.Senses)
        {
            text.Append(sense.Chosen ? "  * " : "    ").Append(sense.Sense)
                .Append(sense.Concepts.Count > 0 ? " -> " + string.Join(", ", sense.Concepts) : string.Empty)
                .Append(sense.Notes.Count > 0 ? " (" + string.Join(", ", sense.Notes) + ")" : string.Empty)
                .Append(": ").Append(Shorten(sense.Gloss)).Append('\n');
        }

        foreach (var path in explanation.Paths)
        {
            text.Append("  path: ").Append(path).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The explanation as one JSON object: <c>name</c>, <c>object</c>, <c>concepts</c>, <c>source</c>, <c>lemma</c>, <c>lemma_how</c>, <c>senses</c> (followed), <c>reason</c>, <c>considered</c>, <c>paths</c>.</summary>
    public static JsonObject ToJson(ConceptExplanation explanation)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        var mapping = explanation.Mapping;
        return new JsonObject
        {
            ["name"] = explanation.Name,
            ["object"] = mapping.Object,
            ["concepts"] = new JsonArray(explanation.Concepts.Select(c => (JsonNode)JsonValue.Create(c)).ToArray()),
            ["source"] = mapping.Source,
            ["lemma"] = mapping.Lemma,
            ["lemma_how"] = explanation.LemmaHow,
            ["senses"] = new JsonArray(mapping.Senses.Select(s => (JsonNode)JsonValue.Create(s)).ToArray()),
            ["reason"] = mapping.Reason,
            ["considered"] = new JsonArray(explanation.Senses.Select(s => (JsonNode)new JsonObject
            {
                ["sense"] = s.Sense,
                ["gloss"] = s.Gloss,
                ["concepts"] = new JsonArray(s.Concepts.Select(c => (JsonNode)JsonValue.Create(c)).ToArray()),
                ["notes"] = new JsonArray(s.Notes.Select(n => (JsonNode)JsonValue.Create(n)).ToArray()),
                ["chosen"] = s.Chosen,
            }).ToArray()),
            ["paths"] = new JsonArray(explanation.Paths.Select(p => (JsonNode)JsonValue.Create(p)).ToArray()),
        };
    }

    private static string Shorten(string gloss)
    {
        var definition = gloss.Split(';', 2)[0].Trim();
        return definition.Length > 90 ? definition[..87] + "..." : definition;
    }
}
