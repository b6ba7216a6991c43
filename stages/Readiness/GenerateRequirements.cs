using Neurons.Engine.Readiness;
using Neurons.Engine.Stages;
using Neurons.Generation.Models;
using Neurons.Vision.Onnx;

namespace Neurons.Stages.Readiness;

/// <summary>
/// <c>generate</c> needs the text-to-video graphs, each checked as its wrapper checks it at load (the text encoder and
/// SparseCtrl against the UNet's widths, as <c>VideoModels.Load</c> does), the CLIP tokenizer files, the unCLIP graphs
/// for <c>keyframe: unclip</c>, ffmpeg when it writes videos, and a GPU for <c>execution_provider: cuda</c>.
/// </summary>
internal sealed class GenerateRequirements : IStageRequirements
{
    public string Stage => "generate";

    public IReadOnlyList<StageRequirement> Of(StageParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var unet = parameters.GetString("unet_model");
        var vocab = parameters.GetString("clip_vocab");
        var merges = parameters.GetString("clip_merges");
        var unetStamp = Needs.Stamp(unet);
        List<StageRequirement> needs =
        [
            .. Needs.Onnx(parameters, "unet_model", "unet model", Recipes.VideoGraphs, (path, session) => MotionUnet.Load(path, session).Dispose()),
            .. Needs.Onnx(parameters, "text_encoder_model", "text_encoder model", Recipes.VideoGraphs, (path, session) => CheckTextEncoder(path, unet, vocab, merges, session), $"onnx:text_encoder|{unetStamp}|{Needs.Stamp(vocab)}|{Needs.Stamp(merges)}"),
            .. Needs.ClipTokenizerFiles(parameters, Recipes.VideoGraphs),
            .. Needs.Onnx(parameters, "sparsectrl_model", "sparsectrl model", Recipes.VideoGraphs, (path, session) =>
            {
                if (VideoGraphDimsCache.Of(unet, session) is { } dims)
                {
                    SparseCtrlEncoder.Load(path, session, dims).Dispose();
                }
            }, $"onnx:sparsectrl|{unetStamp}"),
            .. Needs.Onnx(parameters, "vae_encoder_model", "vae_encoder model", Recipes.VideoGraphs, (path, session) => LatentEncoder.Load(path, session).Dispose()),
            .. Needs.Onnx(parameters, "vae_decoder_model", "vae_decoder model", Recipes.VideoGraphs, (path, session) => LatentDecoder.Load(path, session).Dispose()),
        ];
        if (parameters.GetString("keyframe") == "unclip")
        {
            needs.AddRange(Needs.Onnx(parameters, "unclip_unet_model", "unclip_unet model", Recipes.VideoGraphs, (path, session) => UnclipUnet.Load(path, session).Dispose()));
            needs.AddRange(Needs.Onnx(parameters, "unclip_vae_decoder_model", "unclip_vae_decoder model", Recipes.VideoGraphs, (path, session) =>
                LatentDecoder.Load(path, session, graph: "unclip_vae_decoder").Dispose()));
        }

        if (parameters.GetBool("write_videos"))
        {
            needs.AddRange(Needs.Ffmpeg("write_videos"));
        }

        needs.AddRange(Needs.OnnxGpu(parameters, Stage));
        return needs;
    }

    private static void CheckTextEncoder(string path, string unet, string vocab, string merges, OnnxSessionOptions session)
    {
        if (VideoGraphDimsCache.Of(unet, session) is not { } dims || Needs.TryClipTokenizer(vocab, merges) is not { } tokenizer)
        {
            return;
        }

        using var text = PromptEncoder.Load(path, tokenizer, session, dims.TextWidth);

        // The cross-check VideoModels.Load makes after loading both graphs.
        if (text.Width != dims.TextWidth)
        {
            throw new OnnxModelException(
                $"text_encoder model '{Path.GetFileName(path)}' gives width {text.Width} but unet '{Path.GetFileName(unet)}' expects encoder_hidden_states of width {dims.TextWidth}");
        }
    }
}
