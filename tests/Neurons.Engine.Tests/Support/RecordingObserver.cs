using System.Collections.Concurrent;
using Neurons.Engine.Scheduling;

namespace Neurons.Engine.Tests.Support;

/// <summary>Records the order in which work items start and finish.</summary>
public sealed class RecordingObserver : IRunObserver
{
    public ConcurrentQueue<string> Events { get; } = new();

    public void Planned(IReadOnlyList<WorkItem> items) => Events.Enqueue($"planned {items.Count}");

    public void Started(WorkItem item) => Events.Enqueue($"start {item.Id}");

    public void Progress(WorkItem item, double fraction)
    {
    }

    public void Finished(ItemResult result) => Events.Enqueue($"{result.Outcome.ToString().ToLowerInvariant()} {result.Item.Id}");
}
