using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Neurons.Model.Brain;

/// <summary>
/// NEURONS <c>CLIPProj</c> (BrainModel_neurons.py L192–201): the mean of the predicted tokens times a
/// [width, text width] matrix <c>proj</c>, giving a CLIP text-space vector. Frozen in both stages; its values come
/// from a file (the <c>targets</c> stage's fitted projection, or <c>coco_tokens_avg_proj.pth</c> converted).
/// </summary>
internal sealed class ClipProjection : nn.Module<Tensor, Tensor>
{
    private readonly Parameter proj;

    public ClipProjection(int width, int textWidth)
        : base(nameof(ClipProjection))
    {
        proj = nn.Parameter(zeros(width, textWidth), requires_grad: false);
        RegisterComponents();
    }

    /// <summary>Copies a projection matrix into the frozen parameter.</summary>
    public void Load(Tensor matrix)
    {
        if (!matrix.shape.SequenceEqual(proj.shape))
        {
            throw new ArgumentException(
                $"text projection has shape [{string.Join(", ", matrix.shape)}], the model expects [{string.Join(", ", proj.shape)}]");
        }

        using var _ = no_grad();
        proj.copy_(matrix);
    }

    /// <param name="tokens">Predicted tokens [B, tokens, width].</param>
    public override Tensor forward(Tensor tokens)
    {
        using var mean = tokens.mean([1]);
        return mean.matmul(proj);
    }
}
