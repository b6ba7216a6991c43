using System.Globalization;
using System.Text.Json.Nodes;
using Neurons.Engine.Stages;

namespace Neurons.Stages.Evaluate;

/// <summary>
/// The concept names by classifier index, as the <c>concepts</c> stage used them: each <c>concepts</c>
/// shard's sidecar lists every concept of its vocabulary (<c>wordnet/concepts.yaml</c> or the configured
/// <c>concepts_file</c>) in classifier order under <c>metadata.concept_clips</c> (docs/tables/concepts.md).
/// The rows alone name only the concepts some clip has, so a concept no evaluated clip carries would
/// otherwise be left as <c>concept_&lt;i&gt;</c>.
/// </summary>
internal static class ConceptVocabulary
{
    /// <summary>The sidecar key listing every concept name in classifier order.</summary>
    public const string SidecarKey = "concept_clips";

    /// <summary>
    /// Returns the concept names of the shards' sidecars, or <paramref name="fromRows"/> when no sidecar lists
    /// them (a workspace written before the key existed).
    /// </summary>
    /// <param name="shards">The <c>concepts</c> shards of the evaluated split.</param>
    /// <param name="fromRows">The names the ground-truth rows give (<c>concept_&lt;i&gt;</c> where none does); an empty list when no clip has labels.</param>
    /// <exception cref="InvalidDataException">Two sidecars list different vocabularies, or the vocabulary's length differs from the rows' multi-hot length.</exception>
    public static IReadOnlyList<string> Names(IReadOnlyList<InputShard> shards, IReadOnlyList<string> fromRows)
    {
        ArgumentNullException.ThrowIfNull(shards);
        ArgumentNullException.ThrowIfNull(fromRows);
        List<string>? names = null;
        InputShard? first = null;
        foreach (var shard in shards)
        {
            if (shard.Metadata[SidecarKey] is not JsonObject listed)
            {
                continue;
            }

            var these = listed.Select(p => p.Key).ToList();
            if (names is null)
            {
                (names, first) = (these, shard);
            }
            else if (!names.SequenceEqual(these, StringComparer.Ordinal))
            {
                throw new InvalidDataException(
                    $"evaluate: the concepts shards {first!.Shard.Name} and {shard.Shard.Name} list different concept vocabularies in their sidecars (metadata.{SidecarKey}: {names.Count} and {these.Count} names); rerun the concepts stage for every shard");
            }
        }

        if (names is null)
        {
            return fromRows;
        }

        if (fromRows.Count > 0 && fromRows.Count != names.Count)
        {
            throw new InvalidDataException(
                string.Create(CultureInfo.InvariantCulture, $"evaluate: the concepts shard {first!.Shard.Name} lists {names.Count} concepts in metadata.{SidecarKey}, but its rows' multi_hot has {fromRows.Count} entries; rerun the concepts stage"));
        }

        return names;
    }
}
