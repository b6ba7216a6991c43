using System.Text;
using Neurons.Annotation.WordNet;

namespace Neurons.Annotation.Concepts;

/// <summary>
/// Maps object names (as a VLM lists them) to the concepts of a <see cref="ConceptCatalog"/> through
/// WordNet. The rules, in order (documented in <c>wordnet/concepts.yaml</c> and <c>docs/concepts.md</c>):
/// a concept's own name maps to that concept; an override fixes the sense or the concepts; otherwise
/// the first <see cref="SenseCount"/> senses of the name's lemma are walked up their hypernym and
/// instance-hypernym paths and every concept whose anchor lies on a path is taken, less the concepts
/// that yield to another one reached by the same sense. Thread-safe.
/// </summary>
public sealed class ConceptMapper
{
    private readonly WordNetDatabase wordNet;
    private readonly Dictionary<long, List<int>> anchorConcepts = [];
    private readonly Dictionary<string, long> overrideSenses = new(StringComparer.Ordinal);
    private readonly int[][] yieldsTo;

    /// <summary>Initializes a new instance of the <see cref="ConceptMapper"/> class and resolves every anchor and override sense.</summary>
    /// <param name="wordNet">The WordNet noun database.</param>
    /// <param name="catalog">The concepts.</param>
    /// <param name="senseCount">How many senses of a lemma to follow (1 = the first sense only).</param>
    /// <exception cref="FormatException">An anchor or override sense does not exist in WordNet.</exception>
    public ConceptMapper(WordNetDatabase wordNet, ConceptCatalog catalog, int senseCount = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(senseCount, 1);
        this.wordNet = wordNet;
        Catalog = catalog;
        SenseCount = senseCount;
        foreach (var concept in catalog.Concepts)
        {
            foreach (var anchor in concept.Anchors)
            {
                var offset = Resolve(anchor, $"concepts[{concept.Index}] ({concept.Name}) anchor");
                if (!anchorConcepts.TryGetValue(offset, out var list))
                {
                    anchorConcepts[offset] = list = [];
                }

                list.Add(concept.Index);
            }
        }

        yieldsTo = catalog.Concepts.Select(c => c.YieldsTo.Select(n => catalog.Get(n).Index).ToArray()).ToArray();
        foreach (var (lemma, entry) in catalog.Overrides)
        {
            if (entry.Sense is not null)
            {
                overrideSenses[lemma] = Resolve(entry.Sense, $"overrides.{lemma}.sense");
            }
        }
    }

    /// <summary>Gets the concepts.</summary>
    public ConceptCatalog Catalog { get; }

    /// <summary>Gets how many senses of a lemma are followed.</summary>
    public int SenseCount { get; }

    /// <summary>Normalises an object name: trimmed, lower case, punctuation at either end removed, runs of spaces and underscores made one space.</summary>
    public static string Normalize(string name)
    {
        var builder = new StringBuilder(name.Length);
        var pendingSpace = false;
        foreach (var c in name.Trim().Trim('"', '\'', '.', ',', ';', ':', '!', '?', '(', ')', '[', ']').ToLowerInvariant())
        {
            if (char.IsWhiteSpace(c) || c == '_')
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Maps one object name.</summary>
    public ObjectConcepts Map(string objectName)
    {
        var name = Normalize(objectName);
        if (name.Length == 0)
        {
            return new ObjectConcepts(name, [], MappingRule.Unmapped, null, []);
        }

        var lemmas = Lemmas(name);
        var keys = new List<string> { name };
        keys.AddRange(lemmas.Select(l => l.Replace('_', ' ')).Where(k => !keys.Contains(k)));
        var lemma = lemmas.Count > 0 ? lemmas[0] : null;

        foreach (var key in keys)
        {
            if (Catalog.TryGet(key, out var concept))
            {
                return new ObjectConcepts(name, [concept.Index], MappingRule.ConceptName, lemma, []);
            }
        }

        foreach (var key in keys)
        {
            if (!Catalog.Overrides.TryGetValue(key, out var entry))
            {
                continue;
            }

            if (entry.Concepts is { } names)
            {
                var indices = names.Select(n => Catalog.Get(n).Index).Distinct().Order().ToList();
                return new ObjectConcepts(name, indices, MappingRule.Override, lemma, []);
            }

            var sense = overrideSenses[key];
            return new ObjectConcepts(name, ConceptsOfSense(sense).ToList(), MappingRule.Override, lemma, [wordNet.NameOf(sense)]);
        }

        var senses = new List<long>();
        foreach (var candidate in lemmas)
        {
            foreach (var offset in wordNet.GetSenses(candidate))
            {
                if (senses.Count < SenseCount && !senses.Contains(offset))
                {
                    senses.Add(offset);
                }
            }
        }

        var found = new SortedSet<int>();
        foreach (var sense in senses)
        {
            found.UnionWith(ConceptsOfSense(sense));
        }

        var rule = found.Count > 0 ? MappingRule.WordNet : MappingRule.Unmapped;
        return new ObjectConcepts(name, found.ToList(), rule, lemma, senses.Select(wordNet.NameOf).ToList());
    }

    /// <summary>Maps the object names of one clip: the union of their concepts as indices and as a multi-hot vector, and the names left unmapped.</summary>
    public ClipConcepts MapClip(IEnumerable<string> objectNames)
    {
        var objects = new List<ObjectConcepts>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in objectNames)
        {
            var mapped = Map(raw);
            if (mapped.Object.Length > 0 && seen.Add(mapped.Object))
            {
                objects.Add(mapped);
            }
        }

        var multiHot = new int[Catalog.Concepts.Count];
        foreach (var index in objects.SelectMany(o => o.ConceptIndices))
        {
            multiHot[index] = 1;
        }

        var indices = Enumerable.Range(0, multiHot.Length).Where(i => multiHot[i] == 1).ToList();
        var unmapped = objects.Where(o => !o.IsMapped).Select(o => o.Object).ToList();
        return new ClipConcepts(objects, indices, multiHot, unmapped);
    }

    // The lemmas WordNet defines for a name: its morphy base forms; for a collocation WordNet lacks,
    // those of ever shorter tails ("big red sports car" -> "red sports car" -> "sports car").
    private IReadOnlyList<string> Lemmas(string name)
    {
        var words = name.Split(' ');
        for (var start = 0; start < words.Length; start++)
        {
            var forms = wordNet.Morphy.BaseForms(string.Join('_', words[start..]));
            if (forms.Count > 0)
            {
                return forms;
            }
        }

        return [];
    }

    private SortedSet<int> ConceptsOfSense(long sense)
    {
        var reached = new SortedSet<int>();
        foreach (var ancestor in wordNet.GetAncestors(sense))
        {
            if (anchorConcepts.TryGetValue(ancestor, out var concepts))
            {
                reached.UnionWith(concepts);
            }
        }

        var all = reached.ToHashSet();
        reached.RemoveWhere(c => yieldsTo[c].Any(all.Contains));
        return reached;
    }

    private long Resolve(string sense, string key)
    {
        try
        {
            return wordNet.ResolveSense(sense);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{Catalog.Source}: {key}: {e.Message}", e);
        }
    }
}
