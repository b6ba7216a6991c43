using Neurons.Evaluation.Models;

namespace Neurons.Evaluation.Runs;

/// <summary>The classifier and embedder an evaluation run may use; each is optional and owned by the caller.</summary>
/// <param name="Video">VideoMAE (video N-way), or null.</param>
/// <param name="Frame">ViT-B/16 (frame N-way), or null.</param>
/// <param name="Clip">CLIP ViT-L/14 image (CLIP-pcc), or null.</param>
public sealed record EvaluationModels(VideoMaeClassifier? Video, VitClassifier? Frame, ClipImageEmbedder? Clip)
{
    /// <summary>No models: only the model-free metrics are computed.</summary>
    public static readonly EvaluationModels None = new(null, null, null);
}
