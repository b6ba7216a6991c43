namespace Neurons.Model.Decoupled;

/// <summary>Which output of the frozen stage-1 brain conditions the diffusion prior (docs/model.md).</summary>
public enum PriorConditionKind
{
    /// <summary>
    /// The token head's output before the per-token projector (<c>backbone</c>, MindEye2's choice). The tiny preset uses
    /// it: on the mini subset the tiny prior carries per-clip information from it and not from the projected tokens.
    /// </summary>
    Backbone,

    /// <summary>
    /// The per-token projector's output <c>clip_vision_embeds</c>, the stage-1 contrastive prediction: NEURONS's
    /// <c>_, clip_vision_embeds = model.backbone(voxel_ridge)</c> then <c>diffusion_prior(text_embed=clip_vision_embeds, …)</c>.
    /// The paper preset.
    /// </summary>
    ClipVisionEmbeds,
}
