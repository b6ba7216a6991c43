using Neurons.Engine.Readiness;
using Neurons.Engine.Stages;
using Neurons.Evaluation.Models;

namespace Neurons.Stages.Readiness;

/// <summary><c>evaluate</c> needs each classifier it is given (an empty path skips its metric), checked as its wrapper checks it at load.</summary>
internal sealed class EvaluateRequirements : IStageRequirements
{
    public string Stage => "evaluate";

    public IReadOnlyList<StageRequirement> Of(StageParameters parameters) =>
    [
        .. Needs.File(parameters, "videomae_model", "videomae model", Recipes.Classifiers, path => VideoMaeClassifier.Open(path).Dispose(), "onnx:videomae"),
        .. Needs.File(parameters, "vit_model", "vit model", Recipes.Classifiers, path => VitClassifier.Open(path).Dispose(), "onnx:vit"),
        .. Needs.File(parameters, "clip_model", "clip-vision model", Recipes.Classifiers, path => ClipImageEmbedder.Open(path).Dispose(), "onnx:clip-vision"),
    ];
}
