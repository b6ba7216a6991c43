namespace Neurons.Engine.Config;

/// <summary>
/// Every stage definition, checked as a whole: each input has exactly one producer, splits line up,
/// and the graph has no cycle. <see cref="Stages"/> is in topological order.
/// </summary>
public sealed class StageCatalog
{
    private readonly Dictionary<string, StageDefinition> byName;
    private readonly Dictionary<string, StageDefinition> producers;

    private StageCatalog(List<StageDefinition> ordered, Dictionary<string, StageDefinition> producers)
    {
        Stages = ordered;
        byName = ordered.ToDictionary(s => s.Name, StringComparer.Ordinal);
        this.producers = producers;
    }

    /// <summary>Gets the stages in topological order (ties broken by name).</summary>
    public IReadOnlyList<StageDefinition> Stages { get; }

    /// <summary>Loads every <c>*/stage.yaml</c> under <paramref name="directory"/>.</summary>
    public static StageCatalog Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new ConfigException(directory, "(directory)", "the stages directory does not exist");
        }

        var files = Directory.GetDirectories(directory)
            .Select(d => Path.Combine(d, "stage.yaml"))
            .Where(File.Exists)
            .Order(StringComparer.Ordinal);
        var manifest = CodeManifest.TryLoad(directory);
        var sources = SourceStagesDirectory(directory);
        return Create(files
            .Select(f => StageDefinitionLoader.Load(f, sources is null ? null : Path.Combine(sources, Path.GetFileName(Path.GetDirectoryName(f))!)))
            .Select(s => manifest is null ? s : s with { CodeHashes = manifest.For(s) }));
    }

    /// <summary>
    /// The repository's <c>stages</c> folder when the build recorded it (<c>source-stages.txt</c>) and it still exists:
    /// relative path defaults such as <c>../../models/...</c> name files of the repository, not of the build output.
    /// </summary>
    private static string? SourceStagesDirectory(string directory)
    {
        var record = Path.Combine(directory, "source-stages.txt");
        if (!File.Exists(record))
        {
            return null;
        }

        var sources = File.ReadAllText(record).Trim();
        return sources.Length > 0 && Directory.Exists(sources) ? sources : null;
    }

    /// <summary>Checks a set of definitions and orders them.</summary>
    public static StageCatalog Create(IEnumerable<StageDefinition> definitions)
    {
        var given = definitions.OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        var written = given.SelectMany(d => d.Outputs).ToHashSet(StringComparer.Ordinal);
        var list = given
            .Select(d => d.OptionalInputs.Count == 0
                ? d
                : d with { Inputs = [.. d.Inputs, .. d.OptionalInputs.Where(t => written.Contains(t) && !d.Inputs.Contains(t))], OptionalInputs = [] })
            .ToList();
        var producers = new Dictionary<string, StageDefinition>(StringComparer.Ordinal);
        foreach (var stage in list)
        {
            foreach (var table in stage.Outputs)
            {
                if (producers.TryGetValue(table, out var other))
                {
                    throw new ConfigException(stage.File, "outputs", $"table '{table}' is already written by stage '{other.Name}'");
                }

                producers[table] = stage;
            }
        }

        foreach (var stage in list)
        {
            foreach (var table in stage.Inputs)
            {
                if (!producers.TryGetValue(table, out var producer))
                {
                    throw new ConfigException(stage.File, "inputs", $"no stage produces table '{table}'");
                }

                if (stage.Scope == StageScope.Shard && producer.Scope == StageScope.Shard && producer.Splits.Count > 0
                    && (stage.Splits.Count == 0 || stage.Splits.Except(producer.Splits).Any()))
                {
                    throw new ConfigException(stage.File, "splits", $"reads '{table}' on splits that stage '{producer.Name}' does not produce (it runs on {string.Join(", ", producer.Splits)})");
                }
            }
        }

        return new StageCatalog(TopologicalOrder(list, producers), producers);
    }

    /// <summary>Returns the stage with this name.</summary>
    public bool TryGet(string name, out StageDefinition stage) => byName.TryGetValue(name, out stage!);

    /// <summary>Returns the stage that writes <paramref name="table"/>.</summary>
    public StageDefinition ProducerOf(string table) => producers[table];

    /// <summary>Returns the stages that read any output of <paramref name="stage"/>, transitively, in topological order.</summary>
    public IReadOnlyList<StageDefinition> Downstream(StageDefinition stage)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal) { stage.Name };
        foreach (var s in Stages)
        {
            if (s.Inputs.Any(t => reached.Contains(producers[t].Name)))
            {
                reached.Add(s.Name);
            }
        }

        return Stages.Where(s => reached.Contains(s.Name) && s.Name != stage.Name).ToList();
    }

    private static List<StageDefinition> TopologicalOrder(List<StageDefinition> list, Dictionary<string, StageDefinition> producers)
    {
        var ordered = new List<StageDefinition>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();

        void Visit(StageDefinition stage)
        {
            switch (state.GetValueOrDefault(stage.Name))
            {
                case 2:
                    return;
                case 1:
                    var cycle = path.SkipWhile(n => n != stage.Name).Append(stage.Name);
                    throw new ConfigException(stage.File, "inputs", $"cycle {string.Join(" -> ", cycle)}");
            }

            state[stage.Name] = 1;
            path.Add(stage.Name);
            foreach (var table in stage.Inputs)
            {
                Visit(producers[table]);
            }

            path.RemoveAt(path.Count - 1);
            state[stage.Name] = 2;
            ordered.Add(stage);
        }

        foreach (var stage in list)
        {
            Visit(stage);
        }

        return ordered;
    }
}
