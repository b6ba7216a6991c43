using Neurons.Annotation.Concepts;
using Neurons.Engine.Readiness;
using Neurons.Engine.Stages;

namespace Neurons.Stages.Readiness;

/// <summary><c>concepts</c> needs its concept list and, with <c>vlm_fallback</c>, the VLM server with its model.</summary>
internal sealed class ConceptsRequirements : IStageRequirements
{
    public string Stage => "concepts";

    public IReadOnlyList<StageRequirement> Of(StageParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        List<StageRequirement> needs = [.. Needs.File(parameters, "concepts_file", "concept list", Recipes.DataFiles, path => ConceptCatalog.Load(path), "concepts-file")];
        if (parameters.GetBool("vlm_fallback"))
        {
            needs.Add(Needs.Vlm(parameters));
            needs.AddRange(Needs.Folder(parameters, "prompts", "prompts", Recipes.Vlm));
        }

        return needs;
    }
}
