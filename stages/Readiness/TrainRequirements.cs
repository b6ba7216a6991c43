using Neurons.Engine.Readiness;
using Neurons.Engine.Stages;

namespace Neurons.Stages.Readiness;

/// <summary><c>train</c> needs its frozen text projection when one is given, and a GPU for <c>device: cuda</c>.</summary>
internal sealed class TrainRequirements : IStageRequirements
{
    public string Stage => "train";

    public IReadOnlyList<StageRequirement> Of(StageParameters parameters) =>
    [
        .. Needs.File(parameters, "text_projection", "text projection (safetensors)", Recipes.DataFiles),
        .. Needs.TorchGpu(parameters, Stage),
    ];
}
