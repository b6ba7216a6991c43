using Neurons.Engine.Scheduling;

namespace Neurons.Cli.Reporting;

/// <summary>An observer that ignores everything (dry runs).</summary>
internal sealed class NullRunObserver : IRunObserver
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
