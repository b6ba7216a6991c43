using System.ComponentModel.DataAnnotations;

namespace Neurons.Stages.Report;

/// <summary>The parameters of the <c>report</c> stage (snake_case keys in <c>stage.yaml</c>).</summary>
public sealed record ReportOptions
{
    /// <summary>Gets the split whose clips fill the gallery. <value><c>test</c>.</value></summary>
    public string Split { get; init; } = "test";

    /// <summary>Gets the largest lag of the fmri-lag curve, each way. <value>3 TRs; 0 leaves the curve out.</value></summary>
    [Range(0, 100)]
    public int MaxLagTrs { get; init; } = 3;

    /// <summary>Gets a value indicating whether the task maps are computed. <value>true.</value></summary>
    public bool TaskMaps { get; init; } = true;

    /// <summary>Gets the most test clips the task maps average over (0: every test clip). <value>48.</value></summary>
    public int TaskMapClips { get; init; } = 48;

    /// <summary>Gets the base seed of the clips' prior noise, as <c>decode</c>'s <c>seed</c>. <value>0.</value></summary>
    public int Seed { get; init; }

    /// <summary>Gets the greedy caption cap of the caption map, as <c>decode</c>'s <c>max_caption_tokens</c>. <value>60.</value></summary>
    public int MaxCaptionTokens { get; init; } = 60;

    /// <summary>Gets the latent side of the blurry latents. <value>28 (224² frames, as decode).</value></summary>
    public int LatentSide { get; init; } = 28;
}
