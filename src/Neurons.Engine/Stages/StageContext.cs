using Microsoft.Extensions.Logging;
using Neurons.Engine.Config;

namespace Neurons.Engine.Stages;

/// <summary>Everything one work item (stage × shard) may read, and the outputs it must write.</summary>
public sealed class StageContext
{
    private readonly IReadOnlyDictionary<string, OutputShard> outputs;
    private readonly IReadOnlyDictionary<string, IReadOnlyList<InputShard>> inputs;

    internal StageContext(
        string stageName,
        Shard shard,
        IReadOnlyList<Shard> allShards,
        StageParameters parameters,
        string datasetRoot,
        string workspaceRoot,
        IReadOnlyList<string> sourceFiles,
        IReadOnlyDictionary<string, IReadOnlyList<InputShard>> inputs,
        IReadOnlyDictionary<string, OutputShard> outputs,
        ILogger logger,
        IProgress<double> progress,
        TimeProvider time)
    {
        StageName = stageName;
        Shard = shard;
        AllShards = allShards;
        Parameters = parameters;
        DatasetRoot = datasetRoot;
        WorkspaceRoot = workspaceRoot;
        SourceFiles = sourceFiles;
        this.inputs = inputs;
        this.outputs = outputs;
        Logger = logger;
        Progress = progress;
        Time = time;
    }

    /// <summary>Gets the name of the running stage.</summary>
    public string StageName { get; }

    /// <summary>Gets the shard this work item produces (<see cref="Shard.All"/> for global stages).</summary>
    public Shard Shard { get; }

    /// <summary>Gets every shard of the dataset, in canonical order.</summary>
    public IReadOnlyList<Shard> AllShards { get; }

    /// <summary>Gets the effective, validated parameters of the stage.</summary>
    public StageParameters Parameters { get; }

    /// <summary>Gets the dataset root (the cc2017 <c>video_fmri_dataset</c> folder or one laid out like it).</summary>
    public string DatasetRoot { get; }

    /// <summary>Gets the workspace root; stages keep caches under <c>&lt;workspace&gt;/.cache/&lt;stage&gt;</c>.</summary>
    public string WorkspaceRoot { get; }

    /// <summary>Gets the dataset files matched by the stage's <c>sources</c> patterns for this shard.</summary>
    public IReadOnlyList<string> SourceFiles { get; }

    /// <summary>Gets the logger of this stage.</summary>
    public ILogger Logger { get; }

    /// <summary>Gets the progress sink for this work item, as a fraction in [0, 1].</summary>
    public IProgress<double> Progress { get; }

    /// <summary>Gets the clock (tests use a fake).</summary>
    public TimeProvider Time { get; }

    /// <summary>
    /// Gets the fingerprint of the work item being run (code, effective non-operational parameters, inputs, files):
    /// a stable key for state a stage keeps across runs of the same item, such as training checkpoints.
    /// </summary>
    public string Fingerprint { get; init; } = string.Empty;

    /// <summary>
    /// Binds the parameters to the options record <typeparamref name="T"/> and checks them with the same rules the engine
    /// runs before a run (<see cref="OptionsValidation"/>), so a stage called directly refuses what a run would.
    /// </summary>
    /// <exception cref="ConfigException">One line naming every broken rule.</exception>
    public T BindParameters<T>()
        where T : class => OptionsValidation.Bind<T>(Parameters, StageName);

    /// <summary>Gets the names of the input tables (as declared in <c>stage.yaml</c>).</summary>
    public IEnumerable<string> InputTables => inputs.Keys;

    /// <summary>Gets the names of the output tables.</summary>
    public IEnumerable<string> OutputTables => outputs.Keys;

    /// <summary>Gets the directory for this stage's content-addressed caches (created on demand).</summary>
    public string CacheDirectory => Path.Combine(WorkspaceRoot, ".cache", StageName);

    /// <summary>
    /// Returns the committed shards of an input table: for a shard-scoped stage reading a shard-scoped
    /// table, just this shard; for a global table, its single shard; for a global stage, every shard.
    /// </summary>
    public IReadOnlyList<InputShard> Input(string table) =>
        inputs.TryGetValue(table, out var list)
            ? list
            : throw new InvalidOperationException($"stage '{StageName}' reads table '{table}', which its stage.yaml does not declare as an input");

    /// <summary>Returns the single committed shard of an input table (see <see cref="Input"/>).</summary>
    public InputShard SingleInput(string table)
    {
        var list = Input(table);
        return list.Count == 1
            ? list[0]
            : throw new InvalidOperationException($"stage '{StageName}' expected one shard of '{table}', found {list.Count}");
    }

    /// <summary>Returns the output shard a stage must write for a declared output table.</summary>
    public OutputShard Output(string table) =>
        outputs.TryGetValue(table, out var output)
            ? output
            : throw new InvalidOperationException($"stage '{StageName}' writes table '{table}', which its stage.yaml does not declare as an output");
}
