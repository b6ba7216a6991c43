namespace Neurons.Engine.Config;

/// <summary>A stage's contract, read from <c>stages/&lt;name&gt;/stage.yaml</c>.</summary>
public sealed record StageDefinition
{
    /// <summary>Gets the stage name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the code version; a change makes every shard of the stage stale.</summary>
    public required string Version { get; init; }

    /// <summary>Gets the one-line description.</summary>
    public required string Description { get; init; }

    /// <summary>Gets how the stage is split into work items.</summary>
    public StageScope Scope { get; init; } = StageScope.Shard;

    /// <summary>Gets the splits whose shards the stage runs on; empty means all.</summary>
    public IReadOnlyList<string> Splits { get; init; } = [];

    /// <summary>Gets the tables the stage reads.</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>
    /// Gets the tables the stage reads when some stage of the catalog produces them (<c>optional_inputs</c>):
    /// the catalog moves each produced one into <see cref="Inputs"/> (a dependency, fingerprinted like any
    /// input) and drops the others, so the stage still runs where no stage writes them.
    /// </summary>
    public IReadOnlyList<string> OptionalInputs { get; init; } = [];

    /// <summary>Gets the tables the stage writes.</summary>
    public required IReadOnlyList<string> Outputs { get; init; }

    /// <summary>Gets the dataset file globs read per shard (<c>{shard}</c> is replaced by the shard name).</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>Gets the maximum number of work items of this stage in flight.</summary>
    public int Concurrency { get; init; } = 1;

    /// <summary>Gets the repository folders of library code the stage's results depend on (besides its own folder).</summary>
    public IReadOnlyList<string> Code { get; init; } = [];

    /// <summary>
    /// Gets the stage's code identity: repository path → SHA-256 of every file of its own folder and of its
    /// <see cref="Code"/> folders, from the build's code manifest (empty when the build has none).
    /// </summary>
    public IReadOnlyDictionary<string, string> CodeHashes { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets the parameters in declaration order.</summary>
    public IReadOnlyList<ParameterDefinition> Parameters { get; init; } = [];

    /// <summary>Gets the file the definition was read from (for error messages).</summary>
    public required string File { get; init; }

    /// <summary>Returns whether the stage runs on shards of <paramref name="split"/>.</summary>
    public bool RunsOn(string split) => Splits.Count == 0 || Splits.Contains(split);
}
