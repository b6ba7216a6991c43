using System.Text.Json.Nodes;
using Neurons.Annotation.Concepts;

namespace Neurons.Stages.Concepts;

/// <summary>Counts for the sidecar: clips per concept, object mapping coverage, unmapped names.</summary>
internal sealed class ConceptStatistics(ConceptCatalog catalog)
{
    private readonly int[] clipsPerConcept = new int[catalog.Concepts.Count];
    private readonly Dictionary<string, int> unmapped = new(StringComparer.Ordinal);
    private int clips;
    private int failed;
    private int objects;
    private int mappedObjects;

    public void Add(ClipConcepts clip)
    {
        clips++;
        foreach (var index in clip.ConceptIndices)
        {
            clipsPerConcept[index]++;
        }

        objects += clip.Objects.Count;
        mappedObjects += clip.Objects.Count(o => o.IsMapped);
        foreach (var name in clip.Unmapped)
        {
            unmapped[name] = unmapped.GetValueOrDefault(name) + 1;
        }
    }

    public void AddFailed() => failed++;

    public void WriteTo(JsonObject metadata, int top)
    {
        var frequencies = new JsonObject();
        for (var i = 0; i < clipsPerConcept.Length; i++)
        {
            frequencies[catalog.Concepts[i].Name] = clipsPerConcept[i];
        }

        metadata["clips"] = clips;
        metadata["clips_failed"] = failed;
        metadata["objects"] = objects;
        metadata["objects_mapped"] = mappedObjects;
        metadata["mapped_fraction"] = objects == 0 ? 0.0 : Math.Round((double)mappedObjects / objects, 4);
        metadata["concept_clips"] = frequencies;
        metadata["unmapped_distinct"] = unmapped.Count;
        metadata["unmapped_top"] = new JsonArray(unmapped
            .OrderByDescending(u => u.Value)
            .ThenBy(u => u.Key, StringComparer.Ordinal)
            .Take(top)
            .Select(u => (JsonNode)new JsonObject { ["name"] = u.Key, ["clips"] = u.Value })
            .ToArray());
    }
}
