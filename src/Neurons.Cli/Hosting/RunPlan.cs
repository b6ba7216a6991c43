using Neurons.Engine.Scheduling;

namespace Neurons.Cli.Hosting;

/// <summary>The work items a run selects, assessed once, and those that will run (not done, or forced).</summary>
/// <param name="Assessments">Every selected work item's assessment, in plan order.</param>
/// <param name="Pending">The work items that will run.</param>
internal sealed record RunPlan(IReadOnlyList<ItemAssessment> Assessments, IReadOnlySet<WorkItem> Pending)
{
    /// <summary>Gets a value indicating whether nothing will run: every selected work item is up to date and none is forced.</summary>
    public bool IsIdle => Pending.Count == 0;
}
