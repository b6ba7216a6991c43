using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Neurons.Data.Tables;
using Neurons.Engine.Stages;

namespace Neurons.Stages.Tests.Evaluate;

/// <summary>A temporary workspace holding the evaluate stage's input tables, and its <see cref="StageContext"/> as the engine builds it for a global work item.</summary>
internal sealed class EvaluateWorkItem : IDisposable
{
    public static readonly Shard Seg1 = new("seg1", "train");
    public static readonly Shard Test1 = new("test1", "test");

    private readonly Dictionary<string, List<InputShard>> inputs = new(StringComparer.Ordinal)
    {
        ["clips"] = [],
        ["annotations"] = [],
        ["masks"] = [],
        ["keyobjects"] = [],
        ["concepts"] = [],
        ["decoded"] = [],
    };

    public EvaluateWorkItem()
    {
        Workspace = Directory.CreateTempSubdirectory("neurons-evaluate-").FullName;
        WordNet = Path.Combine(Workspace, "wordnet");
        Directory.CreateDirectory(WordNet);
        File.WriteAllLines(Path.Combine(WordNet, "index.verb"), ["  1 licence line", "run v 1 1 @ 1 0 00000001", "swim v 1 1 @ 1 0 00000002", "fly v 1 1 @ 1 0 00000003"]);
        File.WriteAllLines(Path.Combine(WordNet, "verb.exc"), ["running run", "swimming swim"]);
    }

    public string Workspace { get; }

    public string WordNet { get; }

    public static Dictionary<string, object> DefaultParameters(string wordNet) => new()
    {
        ["split"] = "test",
        ["comparison"] = "gt_vs_gt",
        ["null_permutations"] = 100L,
        ["null_seed"] = 0L,
        ["ssim_variant"] = "reference",
        ["frame_layout"] = "plain",
        ["psnr_cap_db"] = 100.0,
        ["seed"] = 0L,
        ["trials"] = 100L,
        ["ways"] = new List<object> { "2", "50" },
        ["videomae_model"] = string.Empty,
        ["vit_model"] = string.Empty,
        ["clip_model"] = string.Empty,
        ["wordnet_dir"] = wordNet,
    };

    public Task AddAsync<T>(string table, Shard shard, IReadOnlyList<T> rows)
        where T : class, new() => AddAsync(table, shard, rows, new JsonObject());

    /// <summary>Writes a committed shard whose sidecar carries <paramref name="metadata"/>.</summary>
    public async Task AddAsync<T>(string table, Shard shard, IReadOnlyList<T> rows, JsonObject metadata)
        where T : class, new()
    {
        var dir = Path.Combine(Workspace, table);
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"{shard.Name}.parquet");
        await ParquetRows.WriteAsync(path, rows, CancellationToken.None);
        inputs[table].Add(new InputShard(table, shard, path, rows.Count, metadata));
    }

    public (StageContext Context, OutputShard Output) Context(IDictionary<string, object> parameters)
    {
        var tmp = Path.Combine(Workspace, "metrics", ".tmp");
        Directory.CreateDirectory(tmp);
        var output = new OutputShard("metrics", Path.Combine(tmp, $"all.{Guid.NewGuid():N}.parquet"));
        var context = StageHarness.Context(
            "evaluate",
            Shard.All,
            [Seg1, Test1],
            parameters,
            Workspace,
            Workspace,
            inputs.ToDictionary(p => p.Key, p => (IReadOnlyList<InputShard>)p.Value),
            new Dictionary<string, OutputShard> { ["metrics"] = output },
            NullLogger.Instance,
            new Progress<double>(),
            TimeProvider.System);
        return (context, output);
    }

    public void Dispose() => Directory.Delete(Workspace, recursive: true);
}
