using System.ComponentModel.DataAnnotations;

namespace Neurons.Stages.FmriMask;

/// <summary>The parameters of the <c>fmri_mask</c> stage (snake_case keys in <c>stage.yaml</c>).</summary>
public sealed record FmriMaskOptions
{
    /// <summary>Gets the subject numbers to prepare.</summary>
    /// <value>Empty: every <c>subject&lt;N&gt;</c> folder that has an <c>fmri</c> folder.</value>
    public IReadOnlyList<string> Subjects { get; init; } = [];

    /// <summary>Gets the CIFTI structures whose grayordinates are tested.</summary>
    /// <value>Left and right cortex.</value>
    [MinLength(1)]
    public IReadOnlyList<string> Structures { get; init; } = ["CIFTI_STRUCTURE_CORTEX_LEFT", "CIFTI_STRUCTURE_CORTEX_RIGHT"];

    /// <summary>Gets the family-wise p threshold.</summary>
    /// <value>0.05, in (0, 1).</value>
    [Range(1e-12, 0.999999)]
    public double PThreshold { get; init; } = 0.05;

    /// <summary>Gets the multiple-comparison correction.</summary>
    /// <value><c>bonferroni</c>; or <c>none</c>.</value>
    [AllowedValues("bonferroni", "none")]
    public string Correction { get; init; } = "bonferroni";

    /// <summary>Gets the alternative of the t-test.</summary>
    /// <value><c>two-sided</c>; or <c>greater</c>.</value>
    [AllowedValues("two-sided", "greater")]
    public string Sidedness { get; init; } = "two-sided";
}
