namespace Neurons.Generation.Pipeline;

/// <summary>Where SparseCtrl's frame-0 condition comes from.</summary>
public enum KeyframeMode
{
    /// <summary>The first blurry frame, weighted by the clip's mean mask (0.5 background, 1 object): no extra model (a documented deviation).</summary>
    Blurry,

    /// <summary>The reference path: the unCLIP UNet on the mask-weighted predicted CLIP tokens, EulerEDM 38 steps, CFG 5.</summary>
    Unclip,
}
