using Neurons.Annotation.Vlm;
using Neurons.Engine.Readiness;
using Neurons.Engine.Stages;

namespace Neurons.Stages.Readiness;

/// <summary><c>annotate</c> needs, unless it imports, the VLM server with its model and the prompts folder.</summary>
internal sealed class AnnotateRequirements : IStageRequirements
{
    public string Stage => "annotate";

    public IReadOnlyList<StageRequirement> Of(StageParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.GetString("provider") == "import")
        {
            return [];
        }

        return
        [
            Needs.Vlm(parameters),
            .. Needs.Folder(parameters, "prompts", "prompts", Recipes.Vlm, path => AnnotationPrompts.Load(path)),
        ];
    }
}
