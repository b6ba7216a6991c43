using Neurons.Engine.Config;
using Neurons.Engine.Scheduling;

namespace Neurons.Engine.ScaleOut;

/// <summary>
/// Turns the selected stages into a Slurm job chain. Per-shard stages between two global ones share one
/// array job over N shard sets; each global stage is a job of its own (so only the jobs of GPU stages ask
/// for GPUs); every job starts <c>afterok</c> the jobs that write its inputs. A per-shard stage that reads a
/// global stage's output (fmri reads fmri_mask's masks) goes into a later array job than the one feeding that
/// global stage: its phase is the number of global stages on the longest path to it.
/// </summary>
public static class SlurmPlanner
{
    /// <summary>Plans the chain.</summary>
    /// <param name="catalog">The stage catalog (producers of tables).</param>
    /// <param name="selected">The stages to run, in topological order.</param>
    /// <param name="options">The <c>slurm:</c> section.</param>
    /// <param name="arrayTasks">N, the number of shard sets.</param>
    /// <param name="isDone">For <c>--resume</c>: whether every work item of a stage within a shard set is done (the set is <see cref="ShardSet.Everything"/> for a global stage); null plans everything.</param>
    /// <param name="hasWork">Whether a per-shard stage has any shard in a set (decode and generate run on test shards only); null: every set has. Sets without work for any stage of an array are left out of it, so no allocation (a GPU above all) idles.</param>
    public static SlurmPlan Plan(StageCatalog catalog, IReadOnlyList<StageDefinition> selected, SlurmOptions options, int arrayTasks, Func<StageDefinition, ShardSet, bool>? isDone = null, Func<StageDefinition, ShardSet, bool>? hasWork = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(selected);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(arrayTasks, 1);
        var inPlan = selected.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var phase = new Dictionary<string, int>(StringComparer.Ordinal);
        var groups = new List<(string Key, List<StageDefinition> Stages)>();
        foreach (var stage in selected)
        {
            var producers = Producers(catalog, stage, inPlan);
            var upstream = producers.Count == 0 ? 0 : producers.Max(p => phase[p.Name]);
            var global = stage.Scope == StageScope.Global;
            phase[stage.Name] = global ? upstream + 1 : upstream;
            var key = global ? "global:" + stage.Name : "array:" + phase[stage.Name].ToString(System.Globalization.CultureInfo.InvariantCulture);
            var group = groups.FindIndex(g => g.Key == key);
            if (group < 0)
            {
                groups.Add((key, [stage]));
            }
            else
            {
                groups[group].Stages.Add(stage);
            }
        }

        // An array phase is submitted once its last stage's position is reached, so that it comes after every
        // global job it reads from: order the groups by the position of their first stage after their dependencies.
        var jobOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var ordered = OrderGroups(catalog, groups, inPlan);
        var jobs = new List<SlurmJob>();
        var skipped = new List<string>();
        var planned = new Dictionary<int, SlurmJob>();
        for (var g = 0; g < ordered.Count; g++)
        {
            var (key, stages) = ordered[g];
            var isArray = key.StartsWith("array:", StringComparison.Ordinal);
            var name = "neurons-" + (isArray ? string.Join('+', stages.Select(s => s.Name)) : stages[0].Name);
            var dependsOnGroups = stages
                .SelectMany(s => Producers(catalog, s, inPlan))
                .Select(p => jobOf.GetValueOrDefault(p.Name, -1))
                .Where(d => d >= 0 && d != g)
                .Distinct()
                .Order()
                .ToList();
            foreach (var stage in stages)
            {
                jobOf[stage.Name] = g;
            }

            var upstreamJobs = dependsOnGroups.Where(planned.ContainsKey).Select(d => planned[d]).ToList();
            IReadOnlyList<int> tasks;
            if (isArray)
            {
                var all = Enumerable.Range(0, arrayTasks).Where(k => hasWork is null || stages.Any(s => hasWork(s, new ShardSet(k + 1, arrayTasks)))).ToList();
                tasks = isDone is null || upstreamJobs.Any(j => !j.IsArray)
                    ? all
                    : all.Where(k => upstreamJobs.Any(j => j.Tasks.Contains(k)) || stages.Any(s => !isDone(s, new ShardSet(k + 1, arrayTasks)))).ToList();
            }
            else
            {
                tasks = [];
            }

            var needed = isArray ? tasks.Count > 0 : isDone is null || upstreamJobs.Count > 0 || !isDone(stages[0], ShardSet.Everything);
            if (!needed)
            {
                skipped.Add(name);
                continue;
            }

            var job = new SlurmJob(
                name,
                stages.Select(s => s.Name).ToList(),
                isArray,
                tasks,
                dependsOnGroups.Where(planned.ContainsKey).Select(d => jobs.IndexOf(planned[d])).ToList(),
                stages.Any(s => options.GpuStages.Contains(s.Name, StringComparer.Ordinal)));
            planned[g] = job;
            jobs.Add(job);
        }

        return new SlurmPlan(jobs, arrayTasks, skipped);
    }

    /// <summary>Returns the array indices as Slurm writes them (<c>0-3,5</c>).</summary>
    public static string ArraySpec(IReadOnlyList<int> tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var parts = new List<string>();
        for (var i = 0; i < tasks.Count;)
        {
            var j = i;
            while (j + 1 < tasks.Count && tasks[j + 1] == tasks[j] + 1)
            {
                j++;
            }

            parts.Add(j == i
                ? tasks[i].ToString(System.Globalization.CultureInfo.InvariantCulture)
                : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{tasks[i]}-{tasks[j]}"));
            i = j + 1;
        }

        return string.Join(',', parts);
    }

    private static List<StageDefinition> Producers(StageCatalog catalog, StageDefinition stage, HashSet<string> inPlan) =>
        stage.Inputs.Select(catalog.ProducerOf).Where(p => inPlan.Contains(p.Name) && p.Name != stage.Name).DistinctBy(p => p.Name).ToList();

    private static List<(string Key, List<StageDefinition> Stages)> OrderGroups(StageCatalog catalog, List<(string Key, List<StageDefinition> Stages)> groups, HashSet<string> inPlan)
    {
        var groupOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var g = 0; g < groups.Count; g++)
        {
            foreach (var stage in groups[g].Stages)
            {
                groupOf[stage.Name] = g;
            }
        }

        var ordered = new List<int>();
        var visiting = new HashSet<int>();
        void Visit(int g)
        {
            if (ordered.Contains(g) || !visiting.Add(g))
            {
                return;
            }

            foreach (var dependency in groups[g].Stages.SelectMany(s => Producers(catalog, s, inPlan)).Select(p => groupOf[p.Name]).Where(d => d != g).Distinct().Order())
            {
                Visit(dependency);
            }

            ordered.Add(g);
        }

        for (var g = 0; g < groups.Count; g++)
        {
            Visit(g);
        }

        return ordered.Select(g => groups[g]).ToList();
    }
}
