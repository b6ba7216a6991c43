using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Neurons.Annotation.Concepts;

/// <summary>
/// The concept list of <c>wordnet/concepts.yaml</c>: concept names in classifier order with their
/// WordNet anchors and <c>yields_to</c> lists, and the override list keyed by lemma.
/// </summary>
public sealed class ConceptCatalog
{
    private readonly Dictionary<string, ConceptDefinition> byName;

    /// <summary>Initializes a new instance of the <see cref="ConceptCatalog"/> class and checks that every reference names a known concept.</summary>
    /// <exception cref="FormatException">A name is repeated, or a <c>yields_to</c> or override names an unknown concept.</exception>
    public ConceptCatalog(string source, IReadOnlyList<ConceptDefinition> concepts, IReadOnlyDictionary<string, ConceptOverride> overrides)
    {
        Source = source;
        Concepts = concepts;
        Overrides = overrides;
        byName = new Dictionary<string, ConceptDefinition>(StringComparer.Ordinal);
        foreach (var concept in concepts)
        {
            if (!byName.TryAdd(concept.Name, concept))
            {
                throw new FormatException($"{source}: concept '{concept.Name}' is listed twice");
            }
        }

        foreach (var concept in concepts)
        {
            foreach (var other in concept.YieldsTo)
            {
                RequireKnown(other, $"concepts[{concept.Index}] ({concept.Name}).yields_to");
            }
        }

        foreach (var (lemma, entry) in overrides)
        {
            foreach (var name in entry.Concepts ?? [])
            {
                RequireKnown(name, $"overrides.{lemma}.concepts");
            }
        }
    }

    /// <summary>Gets the built-in copy of <c>wordnet/concepts.yaml</c> next to the assembly.</summary>
    public static string BuiltInPath => Path.Combine(AppContext.BaseDirectory, "wordnet", "concepts.yaml");

    /// <summary>Gets the file the catalog was read from (for messages).</summary>
    public string Source { get; }

    /// <summary>Gets the concepts in classifier order.</summary>
    public IReadOnlyList<ConceptDefinition> Concepts { get; }

    /// <summary>Gets the overrides keyed by lemma (lower case, single spaces between words).</summary>
    public IReadOnlyDictionary<string, ConceptOverride> Overrides { get; }

    /// <summary>Reads a <c>concepts.yaml</c> file.</summary>
    /// <exception cref="FormatException">The file does not have the documented shape; the message names the file and key.</exception>
    public static ConceptCatalog Load(string path)
    {
        object? root;
        try
        {
            root = new DeserializerBuilder().Build().Deserialize<object>(File.ReadAllText(path));
        }
        catch (YamlException e)
        {
            throw new FormatException($"{path}: not valid YAML ({e.Start.Line}:{e.Start.Column}: {e.Message})", e);
        }

        if (root is not Dictionary<object, object> top)
        {
            throw new FormatException($"{path}: expected a mapping with keys 'concepts' and 'overrides'");
        }

        if (!top.TryGetValue("concepts", out var conceptsNode) || conceptsNode is not List<object> conceptList)
        {
            throw new FormatException($"{path}: 'concepts' must be a list");
        }

        var concepts = new List<ConceptDefinition>();
        for (var i = 0; i < conceptList.Count; i++)
        {
            var key = $"concepts[{i}]";
            if (conceptList[i] is not Dictionary<object, object> entry)
            {
                throw new FormatException($"{path}: {key} must be a mapping with 'name' and 'anchors'");
            }

            var name = RequireString(entry, "name", path, key);
            var anchors = StringList(entry, "anchors", path, key);
            if (anchors.Count == 0)
            {
                throw new FormatException($"{path}: {key} ({name}) needs at least one anchor");
            }

            concepts.Add(new ConceptDefinition(i, name, anchors, StringList(entry, "yields_to", path, key)));
        }

        var overrides = new Dictionary<string, ConceptOverride>(StringComparer.Ordinal);
        if (top.TryGetValue("overrides", out var overridesNode) && overridesNode is not null)
        {
            if (overridesNode is not Dictionary<object, object> overrideMap)
            {
                throw new FormatException($"{path}: 'overrides' must be a mapping from lemma to {{sense: ...}} or {{concepts: [...]}}");
            }

            foreach (var (rawLemma, value) in overrideMap)
            {
                var lemma = ConceptMapper.Normalize(Convert.ToString(rawLemma, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
                var key = $"overrides.{lemma}";
                if (value is not Dictionary<object, object> entry)
                {
                    throw new FormatException($"{path}: {key} must be {{sense: lemma.n.NN}} or {{concepts: [...]}}");
                }

                var sense = entry.TryGetValue("sense", out var s) ? s as string : null;
                var list = entry.ContainsKey("concepts") ? StringList(entry, "concepts", path, key) : null;
                if ((sense is null) == (list is null) || list is { Count: 0 })
                {
                    throw new FormatException($"{path}: {key} must give exactly one of 'sense' or a non-empty 'concepts' list");
                }

                if (!overrides.TryAdd(lemma, new ConceptOverride(sense, list)))
                {
                    throw new FormatException($"{path}: {key} is listed twice");
                }
            }
        }

        return new ConceptCatalog(path, concepts, overrides);
    }

    /// <summary>Finds a concept by exact name.</summary>
    public bool TryGet(string name, out ConceptDefinition concept) => byName.TryGetValue(name, out concept!);

    /// <summary>Returns the concept with this name.</summary>
    /// <exception cref="KeyNotFoundException">No concept has this name.</exception>
    public ConceptDefinition Get(string name) =>
        byName.TryGetValue(name, out var concept) ? concept : throw new KeyNotFoundException($"{Source}: no concept named '{name}'");

    private static string RequireString(Dictionary<object, object> entry, string field, string path, string key) =>
        entry.TryGetValue(field, out var value) && value is string text && text.Length > 0
            ? text
            : throw new FormatException($"{path}: {key}.{field} must be a non-empty string");

    private static List<string> StringList(Dictionary<object, object> entry, string field, string path, string key)
    {
        if (!entry.TryGetValue(field, out var value) || value is null)
        {
            return [];
        }

        if (value is not List<object> list || list.Any(v => v is not string))
        {
            throw new FormatException($"{path}: {key}.{field} must be a list of strings");
        }

        return list.Cast<string>().ToList();
    }

    private void RequireKnown(string name, string key)
    {
        if (!byName.ContainsKey(name))
        {
            throw new FormatException($"{Source}: {key} names unknown concept '{name}'");
        }
    }
}
