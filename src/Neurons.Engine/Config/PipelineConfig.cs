namespace Neurons.Engine.Config;

/// <summary>The effective run configuration: <c>pipeline.yaml</c>, its selected profile, and environment overrides.</summary>
public sealed record PipelineConfig
{
    /// <summary>Gets the configuration file.</summary>
    public required string File { get; init; }

    /// <summary>Gets the selected profile, or null.</summary>
    public string? Profile { get; init; }

    /// <summary>Gets the absolute workspace directory.</summary>
    public required string Workspace { get; init; }

    /// <summary>Gets the dataset location.</summary>
    public required DatasetConfig Dataset { get; init; }

    /// <summary>Gets the maximum number of work items in flight across all stages.</summary>
    public int MaxParallel { get; init; } = Environment.ProcessorCount;

    /// <summary>Gets the parameter overrides per stage and parameter name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, ConfigValue>> StageOverrides { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, ConfigValue>>();

    /// <summary>Gets the <c>slurm:</c> section's values by key (<c>partition</c>, <c>setup</c>, ...), read by <c>pipeline slurm</c>.</summary>
    public IReadOnlyDictionary<string, ConfigValue> Slurm { get; init; } = new Dictionary<string, ConfigValue>();

    /// <summary>Gets the directory relative paths are resolved against (the directory of <see cref="File"/>).</summary>
    public string BaseDirectory => System.IO.Path.GetDirectoryName(File)!;
}
