using System.Globalization;
using Neurons.Annotation.Tests.WordNet;
using Xunit.Abstractions;

namespace Neurons.Annotation.Tests.Concepts;

/// <summary>
/// The mapper on object names from public captioning vocabularies (COCO, Open Images, LVIS, Visual
/// Genome; <c>Data/captioning-vocabulary.txt</c>), each with the concepts a person would accept:
/// coverage = names reaching at least one concept, precision = mapped names whose concepts are all acceptable.
/// </summary>
public sealed class ConceptVocabularyTests(ITestOutputHelper output)
{
    [Fact]
    public void VocabularyFile_HasAtLeast300DistinctNamesWithKnownConceptsAndSources()
    {
        // Given the vocabulary file
        var entries = VocabularyEntry.Load();

        // Then it lists at least 300 distinct names, each under a source, each expecting known concepts only
        Assert.True(entries.Count >= 300, $"{entries.Count} names");
        Assert.Equal(entries.Count, entries.Select(e => e.Name.ToLowerInvariant()).Distinct().Count());
        Assert.All(entries, e => Assert.False(string.IsNullOrEmpty(e.Source)));
        Assert.All(entries.SelectMany(e => e.Acceptable), c => Assert.True(SharedWordNet.Catalog.TryGet(c, out _), $"unknown concept '{c}'"));
    }

    [Fact]
    public void Map_CaptioningVocabulary_CoversAtLeast97PercentAt98PercentPrecision()
    {
        // Given every name of the vocabulary file, mapped one by one without context
        var entries = VocabularyEntry.Load();
        var mapped = 0;
        var correct = 0;
        var misses = new List<string>();
        var wrong = new List<string>();
        foreach (var entry in entries)
        {
            var result = SharedWordNet.Mapper.Map(entry.Name);
            var names = result.ConceptIndices.Select(i => SharedWordNet.Catalog.Concepts[i].Name).ToList();
            if (names.Count == 0)
            {
                misses.Add(entry.Name);
                continue;
            }

            mapped++;
            if (names.All(entry.Acceptable.Contains))
            {
                correct++;
            }
            else
            {
                wrong.Add($"{entry.Name} -> {string.Join(", ", names)} (expected {string.Join("|", entry.Acceptable)}) [{string.Join(" ", result.Senses)}]");
            }
        }

        var coverage = (double)mapped / entries.Count;
        var precision = mapped == 0 ? 0 : (double)correct / mapped;
        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"{entries.Count} names: {mapped} mapped ({coverage:P2}), {correct} of them correct ({precision:P2})\nunmapped: {string.Join("; ", misses)}\nwrong:\n  {string.Join("\n  ", wrong)}");
        output.WriteLine(summary);

        // Then at least 97% are mapped and at least 98% of the mappings are correct
        Assert.True(coverage >= 0.97 && precision >= 0.98, summary);
    }
}
