using Neurons.Annotation.Concepts;
using Neurons.Annotation.Tests.WordNet;

namespace Neurons.Annotation.Tests.Concepts;

public sealed class ConceptCatalogTests
{
    // The reference's CLS_DICT order (wordnet/concepts.yaml, docs/reference.md).
    private static readonly string[] SpecOrder =
    [
        "animal", "human", "vehicle", "building", "clothing", "weapon", "plant", "appliance", "tool", "container",
        "body part", "furniture", "device", "fabric", "fruit", "vegetable", "insect", "landscape feature", "water body",
        "organism", "fish", "reptile", "mammal", "accessory", "sports equipment", "food", "drink", "light source",
        "weather phenomenon", "jewelry", "musical instrument", "structure", "flying vehicle", "toy", "kitchen item",
        "writing tool", "gardening tool", "scientific equipment", "furniture accessory", "roadway", "weaponry accessory",
        "sports field", "money", "timekeeping device", "decoration", "art", "stationery", "kitchen appliance",
        "rock/mineral", "soil/substrate", "climate/atmosphere component",
    ];

    [Fact]
    public void Load_RepositoryConcepts_HasThe51ConceptsInSpecOrder()
    {
        // Given wordnet/concepts.yaml
        var catalog = SharedWordNet.Catalog;

        // Then it lists the reference's 51 names at their classifier indices
        Assert.Equal(SpecOrder, catalog.Concepts.Select(c => c.Name));
        Assert.Equal(Enumerable.Range(0, 51), catalog.Concepts.Select(c => c.Index));
    }

    [Fact]
    public void Load_RepositoryConcepts_EveryAnchorAndOverrideSenseResolvesInWordNet()
    {
        // Given the repository's catalog
        // When a mapper resolves every anchor and override sense
        var mapper = new ConceptMapper(SharedWordNet.Database, SharedWordNet.Catalog);

        // Then nothing is missing, and each override key is a normalised lemma
        Assert.Equal(51, mapper.Catalog.Concepts.Count);
        Assert.All(SharedWordNet.Catalog.Overrides.Keys, k => Assert.Equal(ConceptMapper.Normalize(k), k));
        Assert.True(SharedWordNet.Catalog.Overrides.Count >= 40);
    }

    [Theory]
    [InlineData("concepts:\n  - name: a\n    anchors: [dog.n.01]\n  - name: a\n    anchors: [cat.n.01]\n", "listed twice")]
    [InlineData("concepts:\n  - name: a\n    anchors: [dog.n.01]\n    yields_to: [b]\n", "unknown concept 'b'")]
    [InlineData("concepts:\n  - name: a\n    anchors: []\n", "at least one anchor")]
    [InlineData("concepts:\n  - name: a\n    anchors: [dog.n.01]\noverrides:\n  x: {sense: dog.n.01, concepts: [a]}\n", "exactly one of")]
    [InlineData("concepts:\n  - name: a\n    anchors: [dog.n.01]\noverrides:\n  x: {concepts: [zz]}\n", "unknown concept 'zz'")]
    [InlineData("concepts: 3\n", "'concepts' must be a list")]
    [InlineData("concepts: [\n", "not valid YAML")]
    public void Load_WhenFileIsMalformed_ThrowsNamingFileAndKey(string yaml, string expected)
    {
        // Given a malformed concepts file
        var path = Path.Combine(Path.GetTempPath(), $"concepts-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        try
        {
            // When loaded
            var error = Assert.Throws<FormatException>(() => ConceptCatalog.Load(path));

            // Then the message names the file and the problem
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ConceptMapper_WhenAnchorMissingFromWordNet_ThrowsNamingTheConcept()
    {
        // Given a catalog whose anchor names a sense WordNet lacks
        var catalog = new ConceptCatalog("test.yaml", [new ConceptDefinition(0, "animal", ["animal.n.09"], [])], new Dictionary<string, ConceptOverride>());

        // When a mapper is built
        var error = Assert.Throws<FormatException>(() => new ConceptMapper(SharedWordNet.Database, catalog));

        // Then the file, concept and sense are named
        Assert.Contains("test.yaml", error.Message, StringComparison.Ordinal);
        Assert.Contains("(animal)", error.Message, StringComparison.Ordinal);
        Assert.Contains("animal.n.09", error.Message, StringComparison.Ordinal);
    }
}
