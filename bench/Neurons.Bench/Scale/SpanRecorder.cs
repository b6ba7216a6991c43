using System.Diagnostics;
using System.Globalization;
using Neurons.Engine.Profiling;
using Neurons.Engine.Scheduling;

namespace Neurons.Bench.Scale;

/// <summary>
/// Records a run as the profiler needs it: the span of every work item that ran (from the runner's observer calls), the
/// process's resident memory every <c>period</c>, and the 1-minute load average every few seconds, all on one clock.
/// </summary>
internal sealed class SpanRecorder : IRunObserver, IAsyncDisposable
{
    private readonly long origin = Stopwatch.GetTimestamp();
    private readonly Lock gate = new();
    private readonly Dictionary<string, double> started = new(StringComparer.Ordinal);
    private readonly List<ItemSpan> spans = [];
    private readonly List<ItemResult> failures = [];
    private readonly List<ResourceSample> memory = [];
    private readonly List<double> loads = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampler;

    public SpanRecorder(TimeSpan period)
    {
        sampler = Task.Run(() => SampleAsync(period, stop.Token));
    }

    public IReadOnlyList<ItemSpan> Spans
    {
        get
        {
            lock (gate)
            {
                return [.. spans];
            }
        }
    }

    public IReadOnlyList<ItemResult> Failures
    {
        get
        {
            lock (gate)
            {
                return [.. failures];
            }
        }
    }

    public IReadOnlyList<ResourceSample> Memory
    {
        get
        {
            lock (gate)
            {
                return [.. memory];
            }
        }
    }

    /// <summary>Gets the 1-minute load averages read during the run.</summary>
    public IReadOnlyList<double> Loads
    {
        get
        {
            lock (gate)
            {
                return [.. loads];
            }
        }
    }

    public void Planned(IReadOnlyList<WorkItem> items)
    {
    }

    public void Started(WorkItem item)
    {
        var now = Now();
        lock (gate)
        {
            started[item.Id] = now;
        }
    }

    public void Progress(WorkItem item, double fraction)
    {
    }

    public void Finished(ItemResult result)
    {
        var now = Now();
        lock (gate)
        {
            if (result.Outcome is ItemOutcome.Failed or ItemOutcome.Blocked or ItemOutcome.Cancelled)
            {
                failures.Add(result);
            }

            if (started.Remove(result.Item.Id, out var start))
            {
                spans.Add(new ItemSpan(result.Item.Stage.Name, start, now));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await sampler.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
    }

    /// <summary>
    /// The process's CPU time in seconds: user + system of its threads and of its reaped children (ffmpeg exits, and is
    /// reaped, when its slice item ends), from /proc/self/stat in clock ticks of 1/100 s; the managed figure without /proc.
    /// </summary>
    internal static double CpuSeconds()
    {
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

            // After the command name: state is field 3, utime 14, stime 15, cutime 16, cstime 17.
            return fields.Skip(11).Take(4).Sum(f => long.Parse(f, CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException)
        {
            return Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        }
    }

    private double Now() => Stopwatch.GetElapsedTime(origin).TotalSeconds;

    private async Task SampleAsync(TimeSpan period, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(period);
        var tick = 0;
        do
        {
            var sample = new ResourceSample(Now(), Machine.ResidentBytes(), CpuSeconds());
            var load = tick++ % Math.Max(1, (int)(5 / period.TotalSeconds)) == 0 ? Machine.LoadAverage() : double.NaN;
            lock (gate)
            {
                memory.Add(sample);
                if (!double.IsNaN(load))
                {
                    loads.Add(load);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }
}
