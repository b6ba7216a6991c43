using Neurons.Annotation.KeyObjects;
using Neurons.Engine.Readiness;
using Neurons.Engine.Stages;

namespace Neurons.Stages.Readiness;

/// <summary><c>keyobject</c> needs its category lists when they are not the built-in copy.</summary>
internal sealed class KeyObjectRequirements : IStageRequirements
{
    public string Stage => "keyobject";

    public IReadOnlyList<StageRequirement> Of(StageParameters parameters) =>
        [.. Needs.File(parameters, "categories_file", "key-object categories", Recipes.DataFiles, path => KeyObjectCategories.Load(path), "keyobject-categories")];
}
