namespace Neurons.Engine.Profiling;

/// <summary>Turns the spans of a run's work items and its memory samples into per-stage figures.</summary>
public static class RunProfiler
{
    /// <summary>
    /// Summarises a run. Per stage: items = its spans; wall = last end − first start; busy = the length of the union of its
    /// spans; item seconds = the sum of their lengths; throughput = units ÷ busy; peak memory = the largest sample taken
    /// while one of its spans was open (the process is shared, so stages that ran side by side see the same peaks); CPU
    /// seconds = the CPU time of each interval between consecutive samples, shared equally by the stages with a span open at
    /// the interval's middle (time no stage ran is not attributed).
    /// End to end = last end − first start over all spans.
    /// </summary>
    /// <param name="spans">The work items that ran.</param>
    /// <param name="samples">Resident-memory samples on the spans' clock.</param>
    /// <param name="units">Per stage, the units of work its items covered and the unit's name; a stage not listed counts its items.</param>
    public static RunProfile Summarise(IReadOnlyList<ItemSpan> spans, IReadOnlyList<ResourceSample> samples, IReadOnlyDictionary<string, (double Units, string Unit)> units)
    {
        ArgumentNullException.ThrowIfNull(spans);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(units);
        if (spans.Count == 0)
        {
            return new RunProfile([], 0, samples.Count == 0 ? 0 : samples.Max(s => s.ResidentBytes));
        }

        var cpu = AttributeCpu(spans, samples);
        var stages = spans
            .GroupBy(s => s.Stage, StringComparer.Ordinal)
            .OrderBy(g => g.Min(s => s.Start))
            .Select(g =>
            {
                var list = g.ToList();
                var inside = samples.Where(m => list.Any(s => m.Time >= s.Start && m.Time <= s.End)).ToList();
                var (count, unit) = units.TryGetValue(g.Key, out var u) ? u : (list.Count, "items");
                return new StageProfile(
                    g.Key,
                    list.Count,
                    count,
                    unit,
                    list.Max(s => s.End) - list.Min(s => s.Start),
                    UnionLength(list),
                    list.Sum(s => s.Seconds),
                    inside.Count == 0 ? null : inside.Max(m => m.ResidentBytes),
                    cpu.GetValueOrDefault(g.Key));
            })
            .ToList();
        return new RunProfile(stages, spans.Max(s => s.End) - spans.Min(s => s.Start), samples.Count == 0 ? 0 : samples.Max(s => s.ResidentBytes));
    }

    /// <summary>
    /// Projects a stage to a larger run: <paramref name="realUnits"/> × (measured busy seconds per unit + <paramref name="extraSecondsPerUnit"/>),
    /// the extra being work the measured run did not do (e.g. the real model's compute on a GPU in place of a fixture graph's).
    /// </summary>
    public static double Project(StageProfile stage, double realUnits, double extraSecondsPerUnit)
    {
        ArgumentNullException.ThrowIfNull(stage);
        return realUnits * (stage.SecondsPerUnit + extraSecondsPerUnit);
    }

    /// <summary>
    /// Projects a stage to a larger run from its CPU time instead of its busy time: <paramref name="realUnits"/> × (the larger of
    /// CPU seconds per unit and <paramref name="floorSecondsPerUnit"/> + <paramref name="extraSecondsPerUnit"/>). That is its time
    /// on one core of its own, no longer slowed by other processes; the floor is a wait the CPU time does not show (e.g. a
    /// server's latency ÷ the requests in flight).
    /// </summary>
    public static double ProjectFromCpu(StageProfile stage, double realUnits, double floorSecondsPerUnit, double extraSecondsPerUnit)
    {
        ArgumentNullException.ThrowIfNull(stage);
        return realUnits * (Math.Max(stage.CpuSecondsPerUnit, floorSecondsPerUnit) + extraSecondsPerUnit);
    }

    /// <summary>Shares each sampling interval's CPU time equally among the stages with a span open at its middle.</summary>
    internal static Dictionary<string, double> AttributeCpu(IReadOnlyList<ItemSpan> spans, IReadOnlyList<ResourceSample> samples)
    {
        var cpu = new Dictionary<string, double>(StringComparer.Ordinal);
        var ordered = samples.OrderBy(s => s.Time).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            var middle = (ordered[i - 1].Time + ordered[i].Time) / 2;
            var running = spans.Where(s => s.Start <= middle && middle < s.End).Select(s => s.Stage).Distinct(StringComparer.Ordinal).ToList();
            foreach (var stage in running)
            {
                cpu[stage] = cpu.GetValueOrDefault(stage) + ((ordered[i].CpuSeconds - ordered[i - 1].CpuSeconds) / running.Count);
            }
        }

        return cpu;
    }

    /// <summary>The total length covered by a set of intervals (overlaps counted once).</summary>
    internal static double UnionLength(IEnumerable<ItemSpan> spans)
    {
        var total = 0.0;
        (double Start, double End)? open = null;
        foreach (var span in spans.OrderBy(s => s.Start))
        {
            if (open is { } o && span.Start <= o.End)
            {
                open = (o.Start, Math.Max(o.End, span.End));
            }
            else
            {
                total += open is { } closed ? closed.End - closed.Start : 0;
                open = (span.Start, span.End);
            }
        }

        return total + (open is { } last ? last.End - last.Start : 0);
    }
}
