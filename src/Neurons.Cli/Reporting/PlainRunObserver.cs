using System.Globalization;
using Neurons.Engine.Scheduling;

namespace Neurons.Cli.Reporting;

/// <summary>
/// Progress for logs and CI (no terminal): a line per work item that ran, failed or was blocked, and a
/// summary line of every stage's progress at a fixed interval while anything runs.
/// </summary>
internal sealed class PlainRunObserver : IRunObserver, IDisposable
{
    private readonly TextWriter output;
    private readonly TimeProvider time;
    private readonly ITimer timer;
    private readonly Dictionary<string, (int Done, int Total)> stages = new(StringComparer.Ordinal);
    private readonly Dictionary<WorkItem, double> running = [];
    private readonly Lock gate = new();
    private readonly long start;

    public PlainRunObserver(TextWriter output, TimeProvider time, TimeSpan interval)
    {
        this.output = output;
        this.time = time;
        start = time.GetTimestamp();
        timer = time.CreateTimer(_ => Report(), null, interval, interval);
    }

    public void Planned(IReadOnlyList<WorkItem> items)
    {
        lock (gate)
        {
            foreach (var group in items.GroupBy(i => i.Stage.Name))
            {
                stages[group.Key] = (0, group.Count());
            }

            Write($"planned {items.Count} work items over {stages.Count} stages");
        }
    }

    public void Started(WorkItem item)
    {
        lock (gate)
        {
            running[item] = 0;
        }
    }

    public void Progress(WorkItem item, double fraction)
    {
        lock (gate)
        {
            if (running.ContainsKey(item))
            {
                running[item] = fraction;
            }
        }
    }

    public void Finished(ItemResult result)
    {
        lock (gate)
        {
            running.Remove(result.Item);
            var (done, total) = stages[result.Item.Stage.Name];
            stages[result.Item.Stage.Name] = (done + 1, total);
            var line = result.Outcome switch
            {
                ItemOutcome.Succeeded => string.Create(CultureInfo.InvariantCulture, $"{result.Item.Id}: committed {result.Rows} rows in {result.Seconds:F1} s ({result.Message})"),
                ItemOutcome.Failed => $"{result.Item.Id}: FAILED: {result.Message}",
                ItemOutcome.Blocked => $"{result.Item.Id}: blocked: {result.Message}",
                ItemOutcome.Cancelled => $"{result.Item.Id}: cancelled",
                _ => null,
            };
            if (line is not null)
            {
                Write(line);
            }
        }
    }

    public void Dispose() => timer.Dispose();

    private void Report()
    {
        lock (gate)
        {
            if (running.Count == 0)
            {
                return;
            }

            var parts = stages.Select(kv =>
            {
                var partial = running.Where(r => r.Key.Stage.Name == kv.Key).Sum(r => r.Value);
                var percent = kv.Value.Total == 0 ? 100 : 100.0 * (kv.Value.Done + partial) / kv.Value.Total;
                return string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value.Done}/{kv.Value.Total} ({percent:F0}%)");
            });
            Write("progress: " + string.Join(", ", parts));
        }
    }

    private void Write(string line)
    {
        var elapsed = time.GetElapsedTime(start);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{elapsed:hh\\:mm\\:ss}] {line}"));
        output.Flush();
    }
}
