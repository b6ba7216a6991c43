namespace Neurons.Engine.Profiling;

/// <summary>A run's stages and how they overlapped.</summary>
/// <param name="Stages">Each stage's profile, in first-start order.</param>
/// <param name="EndToEndSeconds">From the first item's start to the last item's end.</param>
/// <param name="PeakResidentBytes">The largest resident set sampled during the run (0 without samples).</param>
public sealed record RunProfile(IReadOnlyList<StageProfile> Stages, double EndToEndSeconds, long PeakResidentBytes)
{
    /// <summary>Gets the stage with the most busy time.</summary>
    public StageProfile Slowest => Stages.MaxBy(s => s.BusySeconds)!;

    /// <summary>Gets end-to-end time ÷ the slowest stage's busy time: 1 when every other stage hid behind the slowest, larger when they ran one after another.</summary>
    public double Overlap => Slowest.BusySeconds > 0 ? EndToEndSeconds / Slowest.BusySeconds : 0;

    /// <summary>Gets the sum of the stages' busy times ÷ end-to-end time: how many stages were busy at once on average.</summary>
    public double Concurrency => EndToEndSeconds > 0 ? Stages.Sum(s => s.BusySeconds) / EndToEndSeconds : 0;
}
