using System.ComponentModel.DataAnnotations;

namespace Neurons.Stages.Fmri;

/// <summary>The parameters of the <c>fmri</c> stage (snake_case keys in <c>stage.yaml</c>).</summary>
public sealed record FmriOptions
{
    /// <summary>Gets the hemodynamic shift in TRs: clip i pairs with trimmed volume i + lag.</summary>
    /// <value>0 (the reference pairing); −2..4 fit in the trimmed-off volumes.</value>
    [Range(-2, 4)]
    public int LagTrs { get; init; }

    /// <summary>Gets the runs to leave out (<c>subject3/test2/9</c>).</summary>
    /// <value>None.</value>
    public IReadOnlyList<string> DropRuns { get; init; } = [];

    /// <summary>Gets what to do with a vertex holding a NaN or infinite sample in a run.</summary>
    /// <value><c>error</c> (refuse the run, naming file, vertices and volume) or <c>drop</c> (write it as zeros, counted in the sidecar).</value>
    [AllowedValues("error", "drop")]
    public string NonFinite { get; init; } = "error";
}
