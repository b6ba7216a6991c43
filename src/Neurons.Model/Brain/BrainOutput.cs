using static TorchSharp.torch;

namespace Neurons.Model.Brain;

/// <summary>The outputs of one forward pass of <see cref="NeuronsBrainModel"/>.</summary>
/// <param name="Backbone">The token head output [B, tokens, width], before the per-token projector (the tiny preset's prior condition).</param>
/// <param name="Clip">The per-token projector output [B, tokens, width] ("clip_vision_embeds"): the contrastive prediction and the paper preset's prior condition.</param>
/// <param name="Text">The frozen mean-token projection of <paramref name="Clip"/>, [B, text width].</param>
public sealed record BrainOutput(Tensor Backbone, Tensor Clip, Tensor Text) : IDisposable
{
    /// <inheritdoc/>
    public void Dispose()
    {
        Backbone.Dispose();
        Clip.Dispose();
        Text.Dispose();
    }
}
