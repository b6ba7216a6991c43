using Neurons.Annotation.Concepts;
using Neurons.Engine.Readiness;
using Neurons.Engine.Stages;
using Neurons.Vision.Clip;

namespace Neurons.Stages.Readiness;

/// <summary>
/// <c>concept_text</c> needs the CLIP text encoder and its tokenizer files (checked as the wrapper checks them at
/// load) and the concept list; with <c>execution_provider: cuda</c>, a GPU.
/// </summary>
internal sealed class ConceptTextRequirements : IStageRequirements
{
    public string Stage => "concept_text";

    public IReadOnlyList<StageRequirement> Of(StageParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var textOutput = parameters.GetString("clip_text_output");
        var vocab = parameters.GetString("clip_vocab");
        var merges = parameters.GetString("clip_merges");
        return
        [
            .. Needs.Onnx(parameters, "clip_text_model", "clip-text model", Recipes.ClipText, (path, session) =>
            {
                if (Needs.TryClipTokenizer(vocab, merges) is { } tokenizer)
                {
                    ClipTextEncoder.Load(path, tokenizer, session, outputName: textOutput).Dispose();
                }
            }, $"onnx:clip-text|{textOutput}|{Needs.Stamp(vocab)}|{Needs.Stamp(merges)}"),
            .. Needs.ClipTokenizerFiles(parameters, Recipes.ClipText),
            .. Needs.File(parameters, "concepts", "concept list", Recipes.DataFiles, path => ConceptCatalog.Load(path), "concepts-file"),
            .. Needs.OnnxGpu(parameters, Stage),
        ];
    }
}
