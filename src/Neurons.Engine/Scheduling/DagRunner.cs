using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Neurons.Engine.Config;
using Neurons.Engine.Stages;
using Neurons.Engine.Workspace;

namespace Neurons.Engine.Scheduling;

/// <summary>
/// Runs a plan of work items: each starts as soon as the shards it reads are committed, within the
/// global and per-stage concurrency limits; up-to-date items are skipped; outputs are committed
/// atomically; a failure blocks only what depends on it; cancellation commits nothing. A stage's
/// <see cref="IStage.SetupAsync"/> runs once per run before its first work item that runs, and its
/// <see cref="IStage.Teardown"/> once when the run is over.
/// </summary>
public sealed class DagRunner
{
    private static readonly string PipelineVersion =
        typeof(DagRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    private readonly PipelineSession session;
    private readonly IReadOnlyDictionary<string, IStage> stages;
    private readonly ILoggerFactory loggers;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly IRunObserver observer;

    /// <summary>Initializes a new instance of the <see cref="DagRunner"/> class.</summary>
    public DagRunner(PipelineSession session, IEnumerable<IStage> stages, ILoggerFactory loggers, TimeProvider time, IRunObserver observer)
    {
        this.session = session;
        this.stages = stages.ToDictionary(s => s.Name, StringComparer.Ordinal);
        this.loggers = loggers;
        logger = loggers.CreateLogger<DagRunner>();
        this.time = time;
        this.observer = observer;
    }

    /// <summary>Returns the work items a request selects, and which of them are forced.</summary>
    public (IReadOnlyList<WorkItem> Items, ISet<string> ForcedStages) Select(RunRequest request)
    {
        var catalog = session.Catalog;
        StageDefinition Named(string name, string option) =>
            catalog.TryGet(name, out var s) ? s : throw new ConfigException("command line", option, $"unknown stage '{name}' (known: {string.Join(", ", catalog.Stages.Select(x => x.Name))})");

        IEnumerable<StageDefinition> selected = catalog.Stages;
        var forced = new HashSet<string>(StringComparer.Ordinal);
        if (request.Stages.Count > 0)
        {
            var names = request.Stages.Select(n => Named(n, "--stage").Name).ToHashSet(StringComparer.Ordinal);
            selected = catalog.Stages.Where(s => names.Contains(s.Name));
        }

        if (request.From is not null)
        {
            var from = Named(request.From, "--from");
            var chain = catalog.Downstream(from).Prepend(from).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
            selected = selected.Where(s => chain.Contains(s.Name));
            forced.UnionWith(chain);
        }

        var list = selected.ToList();
        foreach (var stage in list.Where(s => !stages.ContainsKey(s.Name)))
        {
            throw new ConfigException(stage.File, "name", $"no implementation is registered for stage '{stage.Name}'");
        }

        var errors = list
            .SelectMany(s => stages[s.Name].ValidateParameters(session.Parameters[s.Name])
                .Select(e =>
                {
                    var (file, key) = session.Parameters[s.Name].Origin(e.Parameter, s);
                    return new ConfigException(file, key, e.Message);
                }))
            .ToList();
        if (errors.Count > 0)
        {
            throw new ConfigErrors(errors);
        }

        if (request.Force)
        {
            forced.UnionWith(list.Select(s => s.Name));
        }

        return (session.Items(list, request.ShardSet), forced);
    }

    /// <summary>Reports what a run would do without running anything.</summary>
    public IReadOnlyList<ItemResult> DryRun(RunRequest request)
    {
        var (items, forced) = Select(request);
        var inPlan = items.ToHashSet();
        var willRun = new HashSet<WorkItem>();
        var results = new List<ItemResult>();
        foreach (var item in items)
        {
            var assessment = session.Assess(item);
            var changingUpstream = session.Dependencies(item).FirstOrDefault(willRun.Contains);
            string? why = forced.Contains(item.Stage.Name) ? "forced"
                : changingUpstream is not null ? $"upstream {changingUpstream.Id} will run"
                : assessment.State switch
                {
                    ItemState.Done => null,
                    ItemState.Waiting => session.Dependencies(item).Any(inPlan.Contains) ? null : assessment.Reason,
                    ItemState.Failed => $"failed before: {assessment.Reason}",
                    _ => assessment.Reason,
                };
            if (assessment.State == ItemState.Waiting && changingUpstream is null && why is not null)
            {
                results.Add(new ItemResult(item, ItemOutcome.Blocked, why, 0, 0));
                continue;
            }

            if (why is null)
            {
                results.Add(new ItemResult(item, ItemOutcome.Skipped, "up to date", 0, 0));
                continue;
            }

            willRun.Add(item);
            results.Add(new ItemResult(item, ItemOutcome.Succeeded, why, 0, 0));
        }

        return results;
    }

    /// <summary>Runs the selected work items.</summary>
    public async Task<IReadOnlyList<ItemResult>> RunAsync(RunRequest request, CancellationToken cancellationToken)
    {
        var (items, forced) = Select(request);
        WorkspaceGuard.Claim(session.Store.Root, session.Catalog.Stages.SelectMany(s => s.Outputs), time);
        var removed = session.Store.DeleteTemporaryFiles(session.Catalog.Stages.SelectMany(s => s.Outputs), session.Catalog.Stages.Select(s => s.Name));
        if (removed > 0)
        {
            Log.RemovedTemporaryFiles(logger, removed);
        }

        observer.Planned(items);
        var results = new Dictionary<WorkItem, ItemResult>();
        var inPlan = items.ToHashSet();
        var remaining = new List<WorkItem>(items);
        var running = new Dictionary<Task<ItemResult>, WorkItem>();
        var perStage = new Dictionary<string, int>(StringComparer.Ordinal);
        var upstream = items.ToDictionary(i => i, i => session.Dependencies(i).Where(inPlan.Contains).ToList());
        var setups = new StageSetups();
        try
        {
            while (remaining.Count > 0 || running.Count > 0)
            {
                foreach (var item in remaining.ToList())
                {
                    var dependencies = upstream[item];
                    if (dependencies.Any(d => !results.ContainsKey(d)))
                    {
                        continue;
                    }

                    var broken = dependencies.FirstOrDefault(d => results[d].Outcome is not (ItemOutcome.Skipped or ItemOutcome.Succeeded));
                    if (broken is not null || cancellationToken.IsCancellationRequested)
                    {
                        var outcome = cancellationToken.IsCancellationRequested ? ItemOutcome.Cancelled : ItemOutcome.Blocked;
                        var message = outcome == ItemOutcome.Cancelled ? "cancelled" : $"upstream {broken!.Id} {results[broken].Outcome.ToString().ToLowerInvariant()}";
                        Finish(results, new ItemResult(item, outcome, message, 0, 0));
                        remaining.Remove(item);
                        continue;
                    }

                    if (running.Count >= session.Config.MaxParallel || perStage.GetValueOrDefault(item.Stage.Name) >= item.Stage.Concurrency)
                    {
                        continue;
                    }

                    perStage[item.Stage.Name] = perStage.GetValueOrDefault(item.Stage.Name) + 1;
                    var isForced = forced.Contains(item.Stage.Name);
                    running[Task.Run(() => ProcessAsync(item, isForced, setups, cancellationToken), CancellationToken.None)] = item;
                    remaining.Remove(item);
                }

                if (running.Count == 0)
                {
                    break;
                }

                var done = await Task.WhenAny(running.Keys).ConfigureAwait(false);
                var finished = running[done];
                running.Remove(done);
                perStage[finished.Stage.Name]--;
                Finish(results, await done.ConfigureAwait(false));
            }
        }
        finally
        {
            await setups.TeardownAsync(logger).ConfigureAwait(false);
            session.Hashes.Save();
        }

        return items.Select(i => results[i]).ToList();
    }

    private void Finish(Dictionary<WorkItem, ItemResult> results, ItemResult result)
    {
        results[result.Item] = result;
        observer.Finished(result);
    }

    private async Task<ItemResult> ProcessAsync(WorkItem item, bool forced, StageSetups setups, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        double Elapsed() => time.GetElapsedTime(started).TotalSeconds;

        ItemAssessment assessment;
        try
        {
            assessment = session.Assess(item);
        }
        catch (IOException e)
        {
            return new ItemResult(item, ItemOutcome.Failed, e.Message, 0, Elapsed());
        }

        if (assessment.State == ItemState.Waiting)
        {
            return new ItemResult(item, ItemOutcome.Blocked, assessment.Reason, 0, 0);
        }

        if (assessment.State == ItemState.Done && !forced)
        {
            return new ItemResult(item, ItemOutcome.Skipped, "up to date", 0, 0);
        }

        var reason = forced ? "forced" : assessment.State == ItemState.Failed ? $"retrying after failure: {assessment.Reason}" : assessment.Reason;
        observer.Started(item);
        Log.ItemStarted(logger, item.Id, reason);
        var outputs = item.Stage.Outputs.ToDictionary(
            t => t,
            t => new OutputShard(t, session.Store.NewTempPath(t, item.Shard.Name), session.Store.NewTempFilesPath(t, item.Shard.Name)),
            StringComparer.Ordinal);
        var context = new StageContext(
            item.Stage.Name,
            item.Shard,
            session.Shards,
            session.Parameters[item.Stage.Name],
            session.Config.Dataset.Path,
            session.Config.Workspace,
            assessment.Sources,
            assessment.Inputs,
            outputs,
            loggers.CreateLogger($"Neurons.Stages.{item.Stage.Name}"),
            new Progress<double>(f => observer.Progress(item, f)),
            time)
        {
            Fingerprint = assessment.Fingerprint!,
        };
        try
        {
            var stage = stages[item.Stage.Name];
            await setups.EnsureAsync(stage, () => StageSetupContext.For(context), cancellationToken).ConfigureAwait(false);
            await stage.RunAsync(context, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            long rows = 0;
            foreach (var output in outputs.Values)
            {
                var sidecar = new Sidecar
                {
                    Stage = item.Stage.Name,
                    Table = output.Table,
                    Shard = item.Shard.Name,
                    Split = item.Shard.Split,
                    Fingerprint = assessment.Fingerprint!,
                    Rows = output.Rows,
                    Sha256 = string.Empty,
                    StartedUtc = startedAt,
                    Seconds = Elapsed(),
                    Versions = new SidecarVersions(PipelineVersion, item.Stage.Version, Environment.Version.ToString()),
                    Provenance = assessment.Provenance!,
                    Metadata = output.Metadata,
                };
                session.Store.Commit(output.Path, sidecar, output.HasFiles ? output.FilesTempDirectory : null);
                rows += output.Rows;
            }

            session.Store.ClearFailure(item.Stage.Name, item.Shard.Name);
            Log.ItemCommitted(logger, item.Id, rows, Elapsed());
            return new ItemResult(item, ItemOutcome.Succeeded, reason, rows, Elapsed());
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new ItemResult(item, ItemOutcome.Cancelled, "cancelled", 0, Elapsed());
        }
        catch (Exception e)
        {
            var message = FirstLine(e);
            session.Store.RecordFailure(
                item.Stage.Name,
                item.Shard.Name,
                new FailureRecord(message, assessment.Fingerprint!, time.GetUtcNow(), Elapsed()),
                CrashReport.Format(item, context, e, time.GetUtcNow()));
            Log.ItemFailed(logger, item.Id, message);
            Log.ItemFailureDetail(logger, item.Id, e);
            return new ItemResult(item, ItemOutcome.Failed, message, 0, Elapsed());
        }
        finally
        {
            foreach (var output in outputs.Values)
            {
                File.Delete(output.Path);
                if (output.HasFiles)
                {
                    Directory.Delete(output.FilesTempDirectory, recursive: true);
                }
            }
        }
    }

    private static string FirstLine(Exception e)
    {
        var inner = e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : e;
        var text = inner.Message.Split('\n')[0].Trim();
        return inner is InvalidDataException or IOException or InvalidOperationException or ArgumentException or FormatException ? text : $"{inner.GetType().Name}: {text}";
    }
}
