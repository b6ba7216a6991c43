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
}
