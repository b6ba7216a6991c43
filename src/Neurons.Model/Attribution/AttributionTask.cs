namespace Neurons.Model.Attribution;

/// <summary>The four decoupled sub-tasks of NEURONS whose outputs <see cref="TaskAttribution"/> attributes to the voxels.</summary>
public enum AttributionTask
{
    /// <summary>Concept recognition: the logit of the clip's top-1 concept.</summary>
    Concepts,

    /// <summary>Key-object segmentation: the mean mask probability over frames and pixels.</summary>
    Masks,

    /// <summary>Scene description: the log-likelihood of the greedy caption (with its stop id).</summary>
    Caption,

    /// <summary>Blurry video: half the mean square of the blurry latents.</summary>
    BlurryVideo,
}
