using Neurons.Annotation.Tests.Vlm;
using Neurons.Annotation.Tests.WordNet;

namespace Neurons.Annotation.Tests.Concepts;

/// <summary>docs/concepts.md lists the anchors, yields and overrides of wordnet/concepts.yaml exactly.</summary>
public sealed class ConceptDocsTests
{
    [Fact]
    public void Docs_AnchorTable_MatchesConceptsFile()
    {
        // Given the anchor table of the docs: | index | concept | `anchor`, ... | yields, ... or - |
        var rows = Table("| # | concept | anchors | yields to |");

        // Then it has one row per concept, in order, with the file's anchors and yields
        var catalog = SharedWordNet.Catalog;
        Assert.Equal(catalog.Concepts.Count, rows.Count);
        foreach (var concept in catalog.Concepts)
        {
            var row = rows[concept.Index];
            Assert.Equal(concept.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), row[0]);
            Assert.Equal(concept.Name, row[1]);
            Assert.Equal(concept.Anchors, row[2].Split(", ").Select(a => a.Trim('`')));
            Assert.Equal(concept.YieldsTo, row[3] == "-" ? [] : row[3].Split(", "));
        }
    }

    [Fact]
    public void Docs_OverrideTable_MatchesConceptsFile()
    {
        // Given the override table of the docs: | name | `sense` or concepts |
        var rows = Table("| name | gives |");

        // Then it lists every override of the file, in order, with the same sense or concepts
        var overrides = SharedWordNet.Catalog.Overrides;
        Assert.Equal(overrides.Count, rows.Count);
        Assert.Equal(overrides.Keys.Order(StringComparer.Ordinal), rows.Select(r => r[0]).Order(StringComparer.Ordinal));
        foreach (var row in rows)
        {
            var entry = overrides[row[0]];
            Assert.Equal(entry.Sense is { } sense ? $"`{sense}`" : string.Join(", ", entry.Concepts!), row[1]);
        }
    }

    private static List<string[]> Table(string header)
    {
        var lines = File.ReadAllLines(RepoFiles.Path("docs/concepts.md"));
        var start = Array.IndexOf(lines, header);
        Assert.True(start >= 0, $"docs/concepts.md has no table headed {header}");
        return lines.Skip(start + 2)
            .TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Trim('|').Split(" | ").Select(c => c.Trim()).ToArray())
            .ToList();
    }
}
