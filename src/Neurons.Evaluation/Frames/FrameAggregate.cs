namespace Neurons.Evaluation.Frames;

/// <summary>A per-frame metric aggregated the way NEURONS reports it.</summary>
/// <param name="Mean">The mean over frame indices of the per-index mean over videos.</param>
/// <param name="Std">The "±": the mean over frame indices of the per-index population std over videos.</param>
/// <param name="PerIndex">The per-index mean and std.</param>
/// <param name="Videos">The number of videos.</param>
public sealed record FrameAggregate(double Mean, double Std, IReadOnlyList<MeanStd> PerIndex, int Videos)
{
    /// <summary>Aggregates values[video][frame index]; every video must have the same number of frames.</summary>
    /// <exception cref="ArgumentException">No videos, or videos with different frame counts.</exception>
    public static FrameAggregate Of(IReadOnlyList<IReadOnlyList<double>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("no videos to aggregate", nameof(values));
        }

        var frames = values[0].Count;
        if (values.Any(v => v.Count != frames))
        {
            throw new ArgumentException($"every video must have {frames} frame values", nameof(values));
        }

        var perIndex = Enumerable.Range(0, frames).Select(f => MeanStd.Of(values.Select(v => v[f]))).ToList();
        return new FrameAggregate(perIndex.Average(p => p.Mean), perIndex.Average(p => p.Std), perIndex, values.Count);
    }
}
