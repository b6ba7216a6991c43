using Neurons.Engine.Readiness;
using Neurons.Engine.Stages;

namespace Neurons.Stages.Readiness;

/// <summary>
/// <c>train_decoupler</c> needs the GPT-2 weights when given, the CLIP tokenizer files for
/// <c>caption_tokenizer: reference</c>, and a GPU for <c>device: cuda</c>.
/// </summary>
internal sealed class TrainDecouplerRequirements : IStageRequirements
{
    public string Stage => "train_decoupler";

    public IReadOnlyList<StageRequirement> Of(StageParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return
        [
            .. Needs.File(parameters, "gpt2_weights", "GPT-2 weights (safetensors)", Recipes.DataFiles),
            .. parameters.GetString("caption_tokenizer") == "reference" ? Needs.ClipTokenizerFiles(parameters, Recipes.ClipText) : Enumerable.Empty<StageRequirement>(),
            .. Needs.TorchGpu(parameters, Stage),
        ];
    }
}
