namespace Neurons.Cli.Tests.ScaleOut;

/// <summary>
/// The reduced stage selection of the scale-out tests: slice (per shard) -> fmri_mask (global) -> fmri (per shard),
/// the cheapest part of the mini pipeline that still needs two array jobs and a global job between them.
/// </summary>
public static class ScaleOutStages
{
    /// <summary>TRs per segment: the fMRI stages' degree-4 detrending needs more than 5 volumes per run.</summary>
    public const int Trs = 8;

    public static readonly string[] Stages = ["slice", "fmri_mask", "fmri"];

    public static readonly string[] Tables = ["clips", "fmri_masks", "fmri"];

    /// <summary>pipeline.yaml settings: the mini profile's vertex test (few segments, one-sided, uncorrected).</summary>
    public const string Settings = """
        stages:
          fmri_mask:
            correction: none
            p_threshold: 0.05
            sidedness: greater
        """;

    public static string[] Run(params string[] extra) => ["run", .. Stages.SelectMany(s => new[] { "--stage", s }), .. extra];
}
