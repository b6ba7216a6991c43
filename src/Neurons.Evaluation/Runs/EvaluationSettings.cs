using Neurons.Evaluation.Frames;

namespace Neurons.Evaluation.Runs;

/// <summary>How an evaluation run computes its metrics.</summary>
public sealed record EvaluationSettings
{
    /// <summary>Gets what is compared (<c>gt_vs_gt</c> or <c>pred_vs_gt</c>), written into every row.</summary>
    public string Comparison { get; init; } = "pred_vs_gt";

    /// <summary>Gets the SSIM constants and variant. <value>The NEURONS reference quirk.</value></summary>
    public SsimOptions Ssim { get; init; } = new();

    /// <summary>Gets a value indicating whether frames are laid out as NEURONS's GIF grid halves before SSIM/PSNR (square frames only). <value>false.</value></summary>
    public bool ReferenceGrid { get; init; }

    /// <summary>Gets the cap applied to a PSNR of +∞ (identical frames). <value>100 dB.</value></summary>
    public double PsnrCapDb { get; init; } = Psnr.DefaultCapDb;

    /// <summary>Gets the base seed of the N-way trials. <value>0.</value></summary>
    public int Seed { get; init; }

    /// <summary>Gets the trials per N-way sample. <value>100.</value></summary>
    public int Trials { get; init; } = Classification.NWayTopOne.DefaultTrials;

    /// <summary>Gets the N of the N-way tests. <value>2 and 50.</value></summary>
    public IReadOnlyList<int> Ways { get; init; } = [2, 50];

    /// <summary>Gets which prediction is scored (<c>decoded</c>, <c>generated</c>; empty in the sanity run), written into every row. <value>Empty.</value></summary>
    public string Prediction { get; init; } = string.Empty;

    /// <summary>Gets the subject whose predictions are scored (0 in the sanity run), written into every row. <value>0.</value></summary>
    public int Subject { get; init; }

    /// <summary>Gets the permutations of the null beside every paired metric (0 = no null). <value>100.</value></summary>
    public int NullPermutations { get; init; } = Null.PermutationNull.DefaultPermutations;

    /// <summary>Gets the seed of the null's permutations. <value>0.</value></summary>
    public int NullSeed { get; init; }

    /// <summary>Gets the concept names by label index (for the recall rows); missing names become <c>concept_&lt;i&gt;</c>.</summary>
    public IReadOnlyList<string> ConceptNames { get; init; } = [];
}
