using Neurons.Engine.Scheduling;

namespace Neurons.Stages.Tests.Decode;

/// <summary>A run observer that ignores every event.</summary>
internal sealed class SilentObserver : IRunObserver
{
    public void Planned(IReadOnlyList<WorkItem> items)
    {
    }

    public void Started(WorkItem item)
    {
    }

    public void Progress(WorkItem item, double fraction)
    {
    }

    public void Finished(ItemResult result)
    {
    }
}
