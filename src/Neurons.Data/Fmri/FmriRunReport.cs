namespace Neurons.Data.Fmri;

/// <summary>What the segment builder did with one run (stored in the shard's sidecar).</summary>
/// <param name="Run">The run.</param>
/// <param name="Volumes">The run's volume count T.</param>
/// <param name="WindowStart">The first raw volume used (trim start + lag).</param>
/// <param name="ConstantVertices">Selected vertices with zero variance in this run (written as zeros).</param>
public sealed record FmriRunReport(FmriRunId Run, int Volumes, int WindowStart, int ConstantVertices)
{
    /// <summary>Gets the vertices of the run that held NaN or infinite samples and were written as zeros.</summary>
    public int NonFiniteVertices { get; init; }
}
