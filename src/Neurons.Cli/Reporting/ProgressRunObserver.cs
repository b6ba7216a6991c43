using Neurons.Engine.Scheduling;
using Spectre.Console;

namespace Neurons.Cli.Reporting;

/// <summary>Draws one Spectre.Console progress bar per stage (work items done, with rate and ETA) on a terminal.</summary>
internal sealed class ProgressRunObserver : IRunObserver
{
    private readonly ProgressContext context;
    private readonly Dictionary<string, ProgressTask> tasks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> finished = new(StringComparer.Ordinal);
    private readonly Dictionary<WorkItem, double> running = [];
    private readonly Lock gate = new();

    public ProgressRunObserver(ProgressContext context)
    {
        this.context = context;
    }

    public void Planned(IReadOnlyList<WorkItem> items)
    {
        lock (gate)
        {
            foreach (var group in items.GroupBy(i => i.Stage.Name))
            {
                tasks[group.Key] = context.AddTask(Markup.Escape(group.Key), maxValue: group.Count());
                finished[group.Key] = 0;
            }
        }
    }

    public void Started(WorkItem item)
    {
        lock (gate)
        {
            running[item] = 0;
            Update(item.Stage.Name);
        }
    }

    public void Progress(WorkItem item, double fraction)
    {
        lock (gate)
        {
            if (running.ContainsKey(item))
            {
                running[item] = Math.Clamp(fraction, 0, 1);
                Update(item.Stage.Name);
            }
        }
    }

    public void Finished(ItemResult result)
    {
        lock (gate)
        {
            var stage = result.Item.Stage.Name;
            running.Remove(result.Item);
            finished[stage]++;
            if (result.Outcome is ItemOutcome.Failed or ItemOutcome.Blocked)
            {
                tasks[stage].Description = $"{Markup.Escape(stage)} [red]({result.Outcome.ToString().ToLowerInvariant()}: {Markup.Escape(result.Item.Shard.Name)})[/]";
            }

            Update(stage);
        }
    }

    private void Update(string stage)
    {
        var partial = running.Where(kv => kv.Key.Stage.Name == stage).Sum(kv => kv.Value);
        tasks[stage].Value = finished[stage] + partial;
    }
}
