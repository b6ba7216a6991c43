using Neurons.Engine.Readiness;
using Neurons.Engine.Stages;
using Neurons.Vision.Vae;

namespace Neurons.Stages.Readiness;

/// <summary>
/// <c>decode</c> needs the SD VAE decoder (checked as its wrapper checks it at load), ffmpeg when it writes each clip's
/// MP4, and a GPU for <c>device: cuda</c> or <c>execution_provider: cuda</c>. The CLIP tokenizer files are read only
/// for a model trained with the reference tokenizer, which is known only once the model is read: they are not checked here.
/// </summary>
internal sealed class DecodeRequirements : IStageRequirements
{
    public string Stage => "decode";

    public IReadOnlyList<StageRequirement> Of(StageParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var scaling = (float)parameters.GetDouble("vae_scaling");
        return
        [
            .. Needs.Onnx(parameters, "vae_decoder", "vae-decoder model", Recipes.VaeDecoder, (path, session) => VaeDecoder.Load(path, session, scaling).Dispose()),
            .. parameters.GetBool("write_files") ? Needs.Ffmpeg("write_files") : Enumerable.Empty<StageRequirement>(),
            .. Needs.TorchGpu(parameters, Stage),
            .. Needs.OnnxGpu(parameters, Stage),
        ];
    }
}
