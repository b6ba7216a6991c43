using System.Collections;
using Neurons.Data.Cc2017;
using Neurons.Data.Mini;
using Neurons.Engine.Config;
using Neurons.Engine.Scheduling;

namespace Neurons.Cli.Hosting;

/// <summary>Reads the configuration and the stage contracts, prepares the dataset, and opens a session.</summary>
internal static class SessionLoader
{
    /// <summary>Gets the folder of the <c>stage.yaml</c> contracts shipped beside the executable.</summary>
    public static string StagesDirectory => Path.Combine(AppContext.BaseDirectory, "stages");

    public static PipelineConfig LoadConfig(string configFile, string? profile) =>
        PipelineConfigLoader.Load(configFile, profile, Environment.GetEnvironmentVariables());

    /// <param name="configFile">The <c>pipeline.yaml</c>.</param>
    /// <param name="profile">The profile, or null for the file's default.</param>
    /// <param name="generateDataset">Whether to generate a missing generated dataset (the mini subset) now.</param>
    /// <param name="environment">The environment overrides, or null for the process's.</param>
    /// <param name="datasetMayBeGenerated">Whether a generated dataset that does not exist yet is fine (no shards): <c>pipeline doctor</c>.</param>
    public static PipelineSession Open(string configFile, string? profile, bool generateDataset, IDictionary? environment = null, bool datasetMayBeGenerated = false)
    {
        var config = PipelineConfigLoader.Load(configFile, profile, environment ?? Environment.GetEnvironmentVariables());
        var catalog = StageCatalog.Load(StagesDirectory);
        var parameters = StageParameterResolver.Resolve(catalog, config);
        if (generateDataset)
        {
            EnsureDataset(config);
        }

        var ungenerated = datasetMayBeGenerated && config.Dataset.Generate is not null && !Directory.Exists(config.Dataset.Path);
        return new PipelineSession(catalog, config, parameters, ungenerated ? [] : Discover(config));
    }

    private static void EnsureDataset(PipelineConfig config)
    {
        var dataset = config.Dataset;
        if (dataset.Generate is null)
        {
            return;
        }

        if (Directory.Exists(dataset.Path))
        {
            if (dataset.Generate == "mini" && MiniDatasetGenerator.Mismatch(dataset.Path, MiniOptionsBinder.Bind(dataset.Options)) is { } why)
            {
                Console.Error.WriteLine($"warning: the mini subset at {PipelineConfigLoader.DisplayPath(dataset.Path)} is not what pipeline.yaml would generate now ({why}); using it as it is. To regenerate it, delete that folder (or run `pipeline mini --out {PipelineConfigLoader.DisplayPath(dataset.Path)} --force` with the same options).");
            }

            return;
        }

        if (dataset.Generate != "mini")
        {
            var origin = dataset.Options.Values.FirstOrDefault() ?? dataset.PathOrigin;
            throw new ConfigException(origin.File, "dataset.generate", $"unknown generator '{dataset.Generate}' (known: mini)");
        }

        var options = MiniOptionsBinder.Bind(dataset.Options);
        Console.Error.WriteLine($"Generating the mini subset at {PipelineConfigLoader.DisplayPath(dataset.Path)} (first use, seed {options.Seed})...");
        MiniDatasetGenerator.Generate(dataset.Path, options, CancellationToken.None);
    }

    private static IReadOnlyList<Engine.Stages.Shard> Discover(PipelineConfig config)
    {
        try
        {
            return new Cc2017ShardCatalog().Discover(config.Dataset.Path, IntendedSegments(config)).Select(s => new Engine.Stages.Shard(s.Name, s.Split)).ToList();
        }
        catch (InvalidDataException e)
        {
            throw new ConfigException(config.Dataset.PathOrigin.File, config.Dataset.PathOrigin.Key, e.Message);
        }
    }

    private static List<string>? IntendedSegments(PipelineConfig config)
    {
        if (config.Dataset.Generate is not null || !config.Dataset.Options.TryGetValue("segments", out var value))
        {
            return null;
        }

        return value.Raw is List<object?> list && list.All(v => v is string)
            ? list.Cast<string>().ToList()
            : throw new ConfigException(value.File, value.Key, "expected a list of segment names, e.g. [seg1, seg2, test1]");
    }
}
