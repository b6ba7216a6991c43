namespace Neurons.Generation.Sampling;

/// <summary>How the diffusion β values are spaced between their start and end.</summary>
public enum BetaSchedule
{
    /// <summary>diffusers <c>"linear"</c>: β linear in t (AnimateDiff's DDIM, <c>inference-v3.yaml</c>).</summary>
    Linear,

    /// <summary>diffusers <c>"scaled_linear"</c> = sgm/ldm <c>"linear"</c>: √β linear in t (the unCLIP keyframe's LegacyDDPM).</summary>
    ScaledLinear,
}
