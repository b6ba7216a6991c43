using Neurons.Annotation.Concepts;
using Neurons.Annotation.WordNet;

namespace Neurons.Annotation.Tests.WordNet;

/// <summary>One open copy of the vendored WordNet and the repository's concepts for all tests (both are read-only and thread-safe).</summary>
internal static class SharedWordNet
{
    private static readonly Lazy<WordNetDatabase> LazyDatabase = new(() => WordNetDatabase.Open(WordNetDatabase.BuiltInDirectory));
    private static readonly Lazy<ConceptCatalog> LazyCatalog = new(() => ConceptCatalog.Load(ConceptCatalog.BuiltInPath));
    private static readonly Lazy<ConceptMapper> LazyMapper = new(() => new ConceptMapper(Database, Catalog));

    public static WordNetDatabase Database => LazyDatabase.Value;

    public static ConceptCatalog Catalog => LazyCatalog.Value;

    public static ConceptMapper Mapper => LazyMapper.Value;
}
