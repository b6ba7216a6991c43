using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Neurons.Engine.Stages;

namespace Neurons.Stages.Tests.Fmri;

/// <summary>Builds a <see cref="StageContext"/> the way the engine does, for one work item.</summary>
internal static class FmriStageHarness
{
    public static readonly IReadOnlyList<Shard> Shards =
        [new("seg1", "train"), new("seg2", "train"), new("seg3", "train"), new("test1", "test")];

    public static StageContext Context(
        string stage,
        Shard shard,
        FmriTestDataset dataset,
        IDictionary<string, object> parameters,
        IReadOnlyDictionary<string, IReadOnlyList<InputShard>> inputs,
        params string[] outputs)
    {
        var outs = outputs.ToDictionary(
            t => t,
            t =>
            {
                var dir = Path.Combine(dataset.Workspace, t, ".tmp");
                Directory.CreateDirectory(dir);
                return new OutputShard(t, Path.Combine(dir, $"{shard.Name}.{Guid.NewGuid():N}.parquet"));
            });
        return StageHarness.Context(
            stage,
            shard,
            Shards,
            parameters,
            dataset.Root,
            dataset.Workspace,
            inputs,
            outs,
            NullLogger.Instance,
            new Progress<double>(),
            TimeProvider.System);
    }

    public static InputShard Input(string table, Shard shard, string path, long rows, JsonObject? metadata = null) =>
        new(table, shard, path, rows, metadata ?? []);

    public static Dictionary<string, object> MaskDefaults() => new()
    {
        ["subjects"] = new List<object>(),
        ["structures"] = new List<object> { "CIFTI_STRUCTURE_CORTEX_LEFT", "CIFTI_STRUCTURE_CORTEX_RIGHT" },
        ["p_threshold"] = 0.05,
        ["correction"] = "bonferroni",
        ["sidedness"] = "two-sided",
    };

    public static Dictionary<string, object> FmriDefaults() => new()
    {
        ["lag_trs"] = 0L,
        ["drop_runs"] = new List<object>(),
    };
}
