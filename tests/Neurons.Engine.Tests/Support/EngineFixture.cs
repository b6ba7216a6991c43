using System.Collections;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Neurons.Engine.Config;
using Neurons.Engine.Scheduling;
using Neurons.Engine.Stages;

namespace Neurons.Engine.Tests.Support;

/// <summary>
/// A throwaway project: stages/ with stage.yaml files, a dataset with stimuli/segN.mp4 and testN.mp4
/// placeholders, a pipeline.yaml, and fake stage implementations.
/// </summary>
public sealed class EngineFixture : IDisposable
{
    public const string DefaultPipeline = """
        workspace: ws
        dataset:
          path: data
        stages: {}
        """;

    private readonly TempDirectory root = new();

    public EngineFixture(params string[] shards)
    {
        foreach (var shard in shards.Length > 0 ? shards : ["seg1", "seg2", "test1"])
        {
            root.Write($"data/stimuli/{shard}.mp4", $"movie {shard}");
        }

        root.Write("pipeline.yaml", DefaultPipeline);
    }

    public string Root => root.Path;

    public string Workspace => Path.Combine(Root, "ws");

    public Dictionary<string, FakeStage> Fakes { get; } = new(StringComparer.Ordinal);

    public Hashtable Environment { get; } = [];

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));

    public RecordingObserver Observer { get; } = new();

    public FakeStage Stage(string name, string yamlBody)
    {
        root.Write($"stages/{name}/stage.yaml", $"name: {name}\ndescription: test stage {name}\n{yamlBody}");
        return Fakes[name] = new FakeStage(name);
    }

    public void WritePipeline(string yaml) => root.Write("pipeline.yaml", yaml);

    public void WriteFile(string relative, string content) => root.Write(relative, content);

    public PipelineSession Session(string? profile = null)
    {
        var config = PipelineConfigLoader.Load(Path.Combine(Root, "pipeline.yaml"), profile, Environment);
        var catalog = StageCatalog.Load(Path.Combine(Root, "stages"));
        var parameters = StageParameterResolver.Resolve(catalog, config);
        var shards = Directory.GetFiles(Path.Combine(config.Dataset.Path, "stimuli"))
            .Select(Path.GetFileNameWithoutExtension)
            .Select(n => new Shard(n!, n!.StartsWith("seg", StringComparison.Ordinal) ? "train" : "test"))
            .OrderBy(s => s.Split == "train" ? 0 : 1).ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
        return new PipelineSession(catalog, config, parameters, shards);
    }

    public DagRunner Runner(PipelineSession? session = null) =>
        new(session ?? Session(), Fakes.Values, NullLoggerFactory.Instance, Time, Observer);

    public Task<IReadOnlyList<ItemResult>> RunAsync(RunRequest? request = null, CancellationToken cancellationToken = default) =>
        Runner().RunAsync(request ?? new RunRequest(), cancellationToken);

    public void Dispose() => root.Dispose();
}
