using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Neurons.Engine.Stages;

namespace Neurons.Stages.Tests.Concepts;

/// <summary>A temporary workspace and the <see cref="StageContext"/> of one work item over one input shard, built as the engine does.</summary>
internal sealed class StageWorkItem : IDisposable
{
    public static readonly Shard Seg1 = new("seg1", "train");

    public StageWorkItem()
    {
        Workspace = Directory.CreateTempSubdirectory("neurons-stage-").FullName;
    }

    public string Workspace { get; }

    /// <summary>Gets the path of an input table shard under the workspace (the caller writes it).</summary>
    public string InputPath(string table)
    {
        var dir = Path.Combine(Workspace, table);
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, $"{Seg1.Name}.parquet");
    }

    public StageContext Context(string stage, IDictionary<string, object> parameters, string inputTable, long inputRows, string outputTable)
    {
        var tmp = Path.Combine(Workspace, outputTable, ".tmp");
        Directory.CreateDirectory(tmp);
        var inputs = new Dictionary<string, IReadOnlyList<InputShard>>
        {
            [inputTable] = [new InputShard(inputTable, Seg1, InputPath(inputTable), inputRows, new JsonObject())],
        };
        var outputs = new Dictionary<string, OutputShard>
        {
            [outputTable] = new OutputShard(outputTable, Path.Combine(tmp, $"{Seg1.Name}.{Guid.NewGuid():N}.parquet")),
        };
        return StageHarness.Context(
            stage,
            Seg1,
            [Seg1],
            parameters,
            Workspace,
            Workspace,
            inputs,
            outputs,
            NullLogger.Instance,
            new Progress<double>(),
            TimeProvider.System);
    }

    public void Dispose() => Directory.Delete(Workspace, recursive: true);
}
