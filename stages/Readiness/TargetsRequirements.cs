using Neurons.Engine.Readiness;
using Neurons.Engine.Stages;
using Neurons.Vision.Clip;
using Neurons.Vision.Vae;

namespace Neurons.Stages.Readiness;

/// <summary>
/// <c>targets</c> needs the CLIP image and text encoders, the CLIP tokenizer files and the VAE encoder (each checked as its
/// wrapper checks it at load, with the stage's input and output names); with
/// <c>execution_provider: cuda</c>, a GPU.
/// </summary>
internal sealed class TargetsRequirements : IStageRequirements
{
    public string Stage => "targets";

    public IReadOnlyList<StageRequirement> Of(StageParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var imageOptions = new ClipImageOptions
        {
            InputName = parameters.GetString("clip_image_input"),
            TokensOutput = parameters.GetString("clip_image_output"),
        };
        var textOutput = parameters.GetString("clip_text_output");
        var vocab = parameters.GetString("clip_vocab");
        var merges = parameters.GetString("clip_merges");
        var scaling = (float)parameters.GetDouble("vae_scaling");
        return
        [
            .. Needs.Onnx(parameters, "clip_image_model", "clip-image model", Recipes.ClipImage, (path, session) =>
                ClipImageEncoder.Load(path, imageOptions, session).Dispose(), $"onnx:clip-image|{imageOptions.InputName}|{imageOptions.TokensOutput}"),

            // The text encoder's check needs the tokenizer's context length; it waits for the tokenizer files (checked below).
            .. Needs.Onnx(parameters, "clip_text_model", "clip-text model", Recipes.ClipText, (path, session) =>
            {
                if (Needs.TryClipTokenizer(vocab, merges) is { } tokenizer)
                {
                    ClipTextEncoder.Load(path, tokenizer, session, outputName: textOutput).Dispose();
                }
            }, $"onnx:clip-text|{textOutput}|{Needs.Stamp(vocab)}|{Needs.Stamp(merges)}"),
            .. Needs.ClipTokenizerFiles(parameters, Recipes.ClipText),
            .. Needs.Onnx(parameters, "vae_encoder", "vae-encoder model", Recipes.VaeEncoder, (path, session) => VaeEncoder.Load(path, session, scaling).Dispose()),
            .. Needs.OnnxGpu(parameters, Stage),
        ];
    }
}
