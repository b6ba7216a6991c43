using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Neurons.Engine.Config;
using Neurons.Engine.Scheduling;
using Neurons.Engine.Stages;
using Neurons.Engine.Workspace;

namespace Neurons.Stages.Tests;

/// <summary>
/// Builds a work item's <see cref="StageContext"/> the way the engine does: the parameters are the stage's
/// <c>stage.yaml</c> defaults with the test's overrides (a name the stage does not declare is refused), the stage checks
/// them with its own <see cref="IStage.ValidateParameters"/>, and the fingerprint leaves out operational parameters.
/// </summary>
internal static class StageHarness
{
    public static StageContext Context(
        string stage,
        Shard shard,
        IReadOnlyList<Shard> allShards,
        IDictionary<string, object> overrides,
        string datasetRoot,
        string workspaceRoot,
        IReadOnlyDictionary<string, IReadOnlyList<InputShard>> inputs,
        IReadOnlyDictionary<string, OutputShard> outputs,
        ILogger? logger = null,
        IProgress<double>? progress = null,
        TimeProvider? time = null)
    {
        var parameters = Parameters(stage, overrides);
        return new StageContext(stage, shard, allShards, parameters, datasetRoot, workspaceRoot, [], inputs, outputs, logger ?? NullLogger.Instance, progress ?? new Progress<double>(), time ?? TimeProvider.System)
        {
            Fingerprint = Fingerprint(stage, parameters),
        };
    }

    /// <summary>The stage's effective parameters: its <c>stage.yaml</c> defaults with <paramref name="overrides"/>, validated by the stage.</summary>
    public static StageParameters Parameters(string stage, IDictionary<string, object> overrides)
    {
        var definition = Definition(stage);
        var values = definition.Parameters.ToDictionary(p => p.Name, p => p.Default, StringComparer.Ordinal);
        foreach (var (name, value) in overrides)
        {
            if (!values.ContainsKey(name))
            {
                throw new ArgumentException($"stage '{stage}' has no parameter '{name}' (stages/{stage}/stage.yaml)", nameof(overrides));
            }

            values[name] = value;
        }

        var parameters = new StageParameters(values);
        var implementation = Implementation(stage);
        var errors = implementation.ValidateParameters(parameters);
        (implementation as IDisposable)?.Dispose();
        return errors.Count == 0
            ? parameters
            : throw new ConfigErrors([.. errors.Select(e => new ConfigException($"stages/{stage}/stage.yaml", $"stages.{stage}.{e.Parameter}", e.Message))]);
    }

    /// <summary>The work-item fingerprint the engine would give these parameters (inputs aside).</summary>
    public static string Fingerprint(string stage, StageParameters parameters)
    {
        var definition = Definition(stage);
        var json = parameters.ToJson();
        foreach (var operational in definition.Parameters.Where(p => p.Operational))
        {
            json.Remove(operational.Name);
        }

        var provenance = new Provenance
        {
            StageVersion = definition.Version,
            Parameters = json,
            Inputs = new SortedDictionary<string, string>(StringComparer.Ordinal),
            Sources = new SortedDictionary<string, string>(StringComparer.Ordinal),
            Files = new SortedDictionary<string, string>(StringComparer.Ordinal),
        };
        return PipelineSession.Fingerprint(stage, provenance);
    }

    private static StageDefinition Definition(string stage) =>
        StageDefinitionLoader.Load(Path.Combine(Mini.MiniPipelineRun.RepositoryRoot(), "stages", stage, "stage.yaml"));

    private static IStage Implementation(string stage)
    {
        foreach (var type in typeof(Neurons.Stages.Registration.StageServiceCollectionExtensions).Assembly.GetTypes()
            .Where(t => typeof(IStage).IsAssignableFrom(t) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null))
        {
            var candidate = (IStage)Activator.CreateInstance(type)!;
            if (candidate.Name == stage)
            {
                return candidate;
            }

            (candidate as IDisposable)?.Dispose();
        }

        throw new ArgumentException($"no stage implementation named '{stage}'", nameof(stage));
    }
}
