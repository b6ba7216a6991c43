namespace Neurons.Engine.Profiling;

/// <summary>What one stage did in a run (see <see cref="RunProfiler.Summarise"/> for the definitions).</summary>
/// <param name="Stage">The stage name.</param>
/// <param name="Items">Work items that ran.</param>
/// <param name="Units">Units of work they covered (clips, runs...), for the throughput.</param>
/// <param name="Unit">The unit's name.</param>
/// <param name="WallSeconds">From the first item's start to the last item's end.</param>
/// <param name="BusySeconds">Time during which at least one of its items ran (the union of their intervals).</param>
/// <param name="ItemSeconds">The sum of its items' wall times (above <paramref name="BusySeconds"/> when items ran side by side).</param>
/// <param name="PeakResidentBytes">The largest resident set sampled while one of its items ran, or null when no sample fell inside.</param>
/// <param name="CpuSeconds">The process CPU time attributed to it: each sampling interval's CPU time shared equally by the stages running at its middle.</param>
public sealed record StageProfile(
    string Stage,
    int Items,
    double Units,
    string Unit,
    double WallSeconds,
    double BusySeconds,
    double ItemSeconds,
    long? PeakResidentBytes,
    double CpuSeconds = 0)
{
    /// <summary>Gets units per busy second (0 when the stage took no time).</summary>
    public double Throughput => BusySeconds > 0 ? Units / BusySeconds : 0;

    /// <summary>Gets busy seconds per unit (0 without units).</summary>
    public double SecondsPerUnit => Units > 0 ? BusySeconds / Units : 0;

    /// <summary>Gets CPU seconds per unit (0 without units).</summary>
    public double CpuSecondsPerUnit => Units > 0 ? CpuSeconds / Units : 0;
}
