namespace Neurons.Engine.Scheduling;

/// <summary>Receives a run's progress (the CLI draws bars or prints lines from it).</summary>
public interface IRunObserver
{
    /// <summary>Called once with the work items the run will consider.</summary>
    void Planned(IReadOnlyList<WorkItem> items);

    /// <summary>Called when a work item starts running (not for skipped ones).</summary>
    void Started(WorkItem item);

    /// <summary>Called with a running work item's progress in [0, 1].</summary>
    void Progress(WorkItem item, double fraction);

    /// <summary>Called when a work item is finished, skipped, blocked or cancelled.</summary>
    void Finished(ItemResult result);
}
