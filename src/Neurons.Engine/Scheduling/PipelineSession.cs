using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.FileSystemGlobbing;
using Neurons.Engine.Config;
using Neurons.Engine.Stages;
using Neurons.Engine.Workspace;

namespace Neurons.Engine.Scheduling;

/// <summary>
/// Everything resolved for one invocation (stages, parameters, shards, workspace) and the rules that
/// say whether a work item is up to date: DVC's rule per (stage, shard), with a fingerprint over the
/// stage's code version, its effective parameters, its upstream shards' fingerprints, its dataset source
/// files and the files its <c>path</c> parameters name.
/// </summary>
public sealed class PipelineSession
{
    private static readonly JsonSerializerOptions CanonicalJson = new() { WriteIndented = false };

    /// <summary>Initializes a new instance of the <see cref="PipelineSession"/> class.</summary>
    public PipelineSession(StageCatalog catalog, PipelineConfig config, IReadOnlyDictionary<string, StageParameters> parameters, IReadOnlyList<Shard> shards)
    {
        Catalog = catalog;
        Config = config;
        Parameters = parameters;
        Shards = shards;
        Store = new ShardStore(config.Workspace);
        Hashes = new FileHashes(config.Workspace);
    }

    /// <summary>Gets the stage catalog.</summary>
    public StageCatalog Catalog { get; }

    /// <summary>Gets the effective configuration.</summary>
    public PipelineConfig Config { get; }

    /// <summary>Gets the effective parameters per stage.</summary>
    public IReadOnlyDictionary<string, StageParameters> Parameters { get; }

    /// <summary>Gets the dataset's shards in canonical order.</summary>
    public IReadOnlyList<Shard> Shards { get; }

    /// <summary>Gets the workspace's table store.</summary>
    public ShardStore Store { get; }

    /// <summary>Gets the file hash cache.</summary>
    public FileHashes Hashes { get; }

    /// <summary>Returns every work item of the given stages within a shard set, in topological then shard order.</summary>
    public IReadOnlyList<WorkItem> Items(IEnumerable<StageDefinition> stages, ShardSet set)
    {
        var items = new List<WorkItem>();
        foreach (var stage in stages)
        {
            if (stage.Scope == StageScope.Global)
            {
                if (!set.IsPartial)
                {
                    items.Add(new WorkItem(stage, Shard.All));
                }

                continue;
            }

            items.AddRange(Shards.Where((s, i) => set.Contains(i) && stage.RunsOn(s.Split)).Select(s => new WorkItem(stage, s)));
        }

        return items;
    }

    /// <summary>Returns the work items whose outputs <paramref name="item"/> reads.</summary>
    public IReadOnlyList<WorkItem> Dependencies(WorkItem item) =>
        item.Stage.Inputs.SelectMany(table => InputShards(item, table).Select(shard => new WorkItem(Catalog.ProducerOf(table), shard))).Distinct().ToList();

    /// <summary>Decides whether a work item is up to date, from what is committed now.</summary>
    public ItemAssessment Assess(WorkItem item)
    {
        var empty = new Dictionary<string, IReadOnlyList<InputShard>>();
        var inputs = new Dictionary<string, IReadOnlyList<InputShard>>(StringComparer.Ordinal);
        var inputFingerprints = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in item.Stage.Inputs)
        {
            var list = new List<InputShard>();
            foreach (var shard in InputShards(item, table))
            {
                var sidecar = Store.TryRead(table, shard.Name);
                if (sidecar is null)
                {
                    return new ItemAssessment(item, ItemState.Waiting, $"needs {table}/{shard.Name}, which is missing", null, null, empty, [], []);
                }

                list.Add(new InputShard(table, shard, Store.DataPath(table, shard.Name), sidecar.Rows, sidecar.Metadata)
                {
                    FilesDirectory = sidecar.Files.Count > 0 ? Store.FilesPath(table, shard.Name) : null,
                    Files = sidecar.Files.Select(f => f.Path).ToList(),
                });
                inputFingerprints[$"{table}/{shard.Name}"] = sidecar.Fingerprint;
            }

            inputs[table] = list;
        }

        var sources = new List<string>();
        foreach (var pattern in item.Stage.Sources)
        {
            var expanded = pattern.Replace("{shard}", item.Shard.Name, StringComparison.Ordinal);
            var matcher = new Matcher(StringComparison.Ordinal);
            matcher.AddInclude(expanded);
            var matches = matcher.GetResultsInFullPath(Config.Dataset.Path).Order(StringComparer.Ordinal).ToList();
            if (matches.Count == 0)
            {
                return new ItemAssessment(item, ItemState.Waiting, $"no dataset file matches '{expanded}' under {Config.Dataset.Path}", null, null, empty, [], []);
            }

            sources.AddRange(matches);
        }

        var provenance = BuildProvenance(item, inputFingerprints, sources);
        var fingerprint = Fingerprint(item.Stage.Name, provenance);
        var outputs = item.Stage.Outputs.Select(t => Store.TryRead(t, item.Shard.Name)).ToList();

        ItemState state;
        string reason;
        if (outputs.Any(o => o is null))
        {
            var failure = Store.TryReadFailure(item.Stage.Name, item.Shard.Name);
            (state, reason) = failure is not null
                ? (ItemState.Failed, failure.CrashFile is { } crash ? $"{failure.Error} (details: {Path.Combine(Store.Root, crash)})" : failure.Error)
                : (ItemState.Missing, "missing");
        }
        else if (outputs.All(o => o!.Fingerprint == fingerprint))
        {
            (state, reason) = outputs.FirstOrDefault(o => o!.Metadata[OutputShard.RetryFailedKey]?.GetValue<bool>() == true) is { } partial
                ? (ItemState.Stale, $"{partial.Table}/{partial.Shard} has failed rows to retry")
                : (ItemState.Done, "up to date");
        }
        else
        {
            var old = outputs.First(o => o!.Fingerprint != fingerprint)!;
            (state, reason) = (ItemState.Stale, Explain(old.Provenance, provenance));
        }

        return new ItemAssessment(item, state, reason, fingerprint, provenance, inputs, sources, outputs);
    }

    /// <summary>
    /// Assesses work items in topological order for <c>pipeline status</c>: an item whose upstream is not
    /// done is reported stale (or missing), since it will be recomputed.
    /// </summary>
    public IReadOnlyList<ItemAssessment> AssessAll(IReadOnlyList<WorkItem> items)
    {
        var byItem = new Dictionary<WorkItem, ItemAssessment>();
        foreach (var item in items)
        {
            var assessment = Assess(item);
            var notDone = Dependencies(item).FirstOrDefault(d => byItem.TryGetValue(d, out var a) && a.State != ItemState.Done);
            if (notDone is not null && assessment.State == ItemState.Done)
            {
                assessment = assessment with { State = ItemState.Stale, Reason = $"upstream {notDone.Id} is {byItem[notDone].State.ToString().ToLowerInvariant()}" };
            }

            byItem[item] = assessment;
        }

        return items.Select(i => byItem[i]).ToList();
    }

    /// <summary>Computes a fingerprint from a stage name and its provenance.</summary>
    public static string Fingerprint(string stage, Provenance provenance)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new { stage, provenance }, CanonicalJson);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    private static string Explain(Provenance old, Provenance now)
    {
        if (old.StageVersion != now.StageVersion)
        {
            return $"code version changed ({old.StageVersion} -> {now.StageVersion})";
        }

        var changedCode = Changed(old.Code, now.Code);
        if (changedCode.Count > 0)
        {
            return $"code changed: {string.Join(", ", changedCode.Take(3))}{(changedCode.Count > 3 ? $" and {changedCode.Count - 3} more" : string.Empty)}";
        }

        var changedParams = now.Parameters.Select(kv => kv.Key)
            .Union(old.Parameters.Select(kv => kv.Key))
            .Where(k => !JsonNodeText(old.Parameters[k]).Equals(JsonNodeText(now.Parameters[k]), StringComparison.Ordinal))
            .ToList();
        if (changedParams.Count > 0)
        {
            return $"parameters changed: {string.Join(", ", changedParams)}";
        }

        var changedFiles = Changed(old.Files, now.Files);
        if (changedFiles.Count > 0)
        {
            return $"file changed: {string.Join(", ", changedFiles)}";
        }

        var changedSources = Changed(old.Sources, now.Sources);
        if (changedSources.Count > 0)
        {
            return $"source changed: {string.Join(", ", changedSources)}";
        }

        var changedInputs = Changed(old.Inputs, now.Inputs);
        return changedInputs.Count > 0 ? $"upstream changed: {string.Join(", ", changedInputs.Take(3))}{(changedInputs.Count > 3 ? ", ..." : string.Empty)}" : "fingerprint changed";
    }

    private static List<string> Changed(SortedDictionary<string, string> old, SortedDictionary<string, string> now) =>
        old.Keys.Union(now.Keys).Where(k => old.GetValueOrDefault(k) != now.GetValueOrDefault(k)).ToList();

    private static string JsonNodeText(System.Text.Json.Nodes.JsonNode? node) => node?.ToJsonString() ?? "null";

    private IEnumerable<Shard> InputShards(WorkItem item, string table)
    {
        var producer = Catalog.ProducerOf(table);
        if (producer.Scope == StageScope.Global)
        {
            return [Shard.All];
        }

        return item.Stage.Scope == StageScope.Shard ? [item.Shard] : Shards.Where(s => producer.RunsOn(s.Split));
    }

    private Provenance BuildProvenance(WorkItem item, SortedDictionary<string, string> inputFingerprints, List<string> sources)
    {
        var parameters = Parameters[item.Stage.Name];
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var definition in item.Stage.Parameters.Where(p => p.Type == ParameterType.Path))
        {
            var path = parameters.GetString(definition.Name);
            files[definition.Name] = path.Length == 0 ? "none" : HashPath(path);
        }

        foreach (var definition in item.Stage.Parameters.Where(p => p.Type == ParameterType.DatasetPath))
        {
            var relative = parameters.GetString(definition.Name).Replace("{split}", item.Shard.Split, StringComparison.Ordinal);
            files[definition.Name] = relative.Length == 0 ? "none" : HashPath(Path.Combine(Config.Dataset.Path, relative));
        }

        // A path parameter counts by its content (under Files), not by where the file lies, so a moved
        // checkout or another build configuration's output folder does not make shards stale.
        var parameterJson = parameters.ToJson();
        foreach (var name in files.Keys)
        {
            parameterJson[name] = "(content in files)";
        }

        foreach (var operational in item.Stage.Parameters.Where(p => p.Operational))
        {
            parameterJson.Remove(operational.Name);
        }

        return new Provenance
        {
            StageVersion = item.Stage.Version,
            Code = new SortedDictionary<string, string>(item.Stage.CodeHashes.ToDictionary(), StringComparer.Ordinal),
            Parameters = parameterJson,
            Inputs = inputFingerprints,
            Sources = new SortedDictionary<string, string>(
                sources.ToDictionary(s => Path.GetRelativePath(Config.Dataset.Path, s), Hashes.Of),
                StringComparer.Ordinal),
            Files = files,
        };
    }

    private string HashPath(string path)
    {
        if (!Directory.Exists(path))
        {
            return Hashes.Of(path);
        }

        // A directory (e.g. a prompts folder): hash of its files' relative names and hashes.
        var entries = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(path, f)}={Hashes.Of(f)}");
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', entries))));
    }
}
