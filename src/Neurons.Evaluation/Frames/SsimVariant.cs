namespace Neurons.Evaluation.Frames;

/// <summary>Which SSIM to compute.</summary>
public enum SsimVariant
{
    /// <summary>
    /// What NEURONS's <c>run_metrics.py</c> computes: skimage's <c>channel_axis=-1</c> on a 2-D gray image
    /// makes every column a channel, so SSIM is the mean over columns of a 1-D SSIM along the rows.
    /// </summary>
    Reference,

    /// <summary>True 2-D SSIM: the same Gaussian window on both axes, 5 pixels cropped on every side.</summary>
    TwoDimensional,
}
