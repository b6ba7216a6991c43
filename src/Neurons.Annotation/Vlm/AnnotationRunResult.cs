using Neurons.Data.Tables;

namespace Neurons.Annotation.Vlm;

/// <summary>The rows of one annotation run and its counts.</summary>
/// <param name="Rows">One row per (clip, frame), in clip order then frame order.</param>
/// <param name="Ok">Rows annotated.</param>
/// <param name="Failed">Rows recorded as failed.</param>
/// <param name="Requests">Requests sent (every attempt).</param>
/// <param name="CacheHits">Replies served from the cache.</param>
public sealed record AnnotationRunResult(IReadOnlyList<AnnotationRow> Rows, int Ok, int Failed, int Requests, int CacheHits)
{
    /// <summary>Gets the fraction of rows that failed (0 for no rows).</summary>
    public double FailureFraction => Rows.Count == 0 ? 0 : (double)Failed / Rows.Count;

    /// <summary>Gets the first failed row in row order, or null.</summary>
    public AnnotationRow? FirstFailure => Rows.FirstOrDefault(r => r.Status == AnnotationStatus.Failed);
}
