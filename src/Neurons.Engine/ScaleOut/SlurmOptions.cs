using System.Globalization;
using System.Text.RegularExpressions;
using Neurons.Engine.Config;

namespace Neurons.Engine.ScaleOut;

/// <summary>
/// The <c>slurm:</c> section of <c>pipeline.yaml</c>: what every job of <c>pipeline slurm</c> asks of the
/// cluster (partition, account, time, memory, cpus), the GPUs that only jobs holding a GPU stage ask for,
/// extra <c>#SBATCH</c> lines, the shell lines that prepare a job (modules, conda) and how many array tasks
/// share the per-shard stages.
/// </summary>
public sealed partial record SlurmOptions
{
    /// <summary>The stages that use a GPU when no <c>slurm.gpu_stages</c> is given (training, decode, generate).</summary>
    public static readonly IReadOnlyList<string> DefaultGpuStages = ["train", "train_decoupler", "decode", "generate"];

    /// <summary>The keys the section understands.</summary>
    public const string KnownKeys = "partition, account, time, memory, cpus, gpus, gpu_stages, array_tasks, max_running, sbatch, setup, command";

    /// <summary>Gets the partition (<c>--partition</c>), or null for the cluster's default.</summary>
    public string? Partition { get; init; }

    /// <summary>Gets the account (<c>--account</c>), or null.</summary>
    public string? Account { get; init; }

    /// <summary>Gets the time limit per job (<c>--time</c>, e.g. <c>04:00:00</c> or <c>1-00:00:00</c>), or null.</summary>
    public string? Time { get; init; }

    /// <summary>Gets the memory per job (<c>--mem</c>, e.g. <c>16G</c>), or null.</summary>
    public string? Memory { get; init; }

    /// <summary>Gets the CPUs per job (<c>--cpus-per-task</c>), or null.</summary>
    public int? Cpus { get; init; }

    /// <summary>Gets the GPUs of a job that runs a GPU stage (<c>--gres=gpu:&lt;gpus&gt;</c>, e.g. <c>1</c> or <c>a100:1</c>), or null for none.</summary>
    public string? Gpus { get; init; }

    /// <summary>Gets the stages whose jobs ask for <see cref="Gpus"/>.</summary>
    public IReadOnlyList<string> GpuStages { get; init; } = DefaultGpuStages;

    /// <summary>Gets the number of array tasks (shard sets) per-shard stages are split into.</summary>
    public int ArrayTasks { get; init; } = 8;

    /// <summary>Gets the most array tasks running at once (<c>--array=…%k</c>), or null for no limit.</summary>
    public int? MaxRunning { get; init; }

    /// <summary>Gets extra sbatch options, one per line (<c>--qos=high</c> or a whole <c>#SBATCH</c> line).</summary>
    public IReadOnlyList<string> Sbatch { get; init; } = [];

    /// <summary>Gets shell lines run before the pipeline in every job (<c>module load dotnet</c>, <c>conda activate …</c>).</summary>
    public IReadOnlyList<string> Setup { get; init; } = [];

    /// <summary>Gets the command that starts the pipeline on a node, or null for the executable that wrote the scripts.</summary>
    public string? Command { get; init; }

    /// <summary>Reads the section.</summary>
    /// <exception cref="ConfigErrors">A value is malformed: every error at once, each naming its file and key.</exception>
    public static SlurmOptions From(IReadOnlyDictionary<string, ConfigValue> section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var errors = new List<ConfigException>();
        var options = new SlurmOptions();
        foreach (var (key, value) in section.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            try
            {
                options = key switch
                {
                    "partition" => options with { Partition = Word(value) },
                    "account" => options with { Account = Word(value) },
                    "time" => options with { Time = Matching(value, TimeLimit(), "a Slurm time limit such as 30, 04:00:00 or 1-12:00:00") },
                    "memory" => options with { Memory = Matching(value, MemoryAmount(), "a Slurm memory amount such as 16G or 4000M") },
                    "cpus" => options with { Cpus = Positive(value) },
                    "gpus" => options with { Gpus = Matching(value, GpuCount(), "a GPU count or type:count such as 1 or a100:2") },
                    "gpu_stages" => options with { GpuStages = Lines(value) },
                    "array_tasks" => options with { ArrayTasks = Positive(value) },
                    "max_running" => options with { MaxRunning = Positive(value) },
                    "sbatch" => options with { Sbatch = Lines(value) },
                    "setup" => options with { Setup = Lines(value) },
                    "command" => options with { Command = Text(value) },
                    _ => throw new ConfigException(value.File, value.Key, $"unknown slurm option (known: {KnownKeys})"),
                };
            }
            catch (ConfigException e)
            {
                errors.Add(e);
            }
        }

        foreach (var line in options.Sbatch.Where(l => !l.StartsWith("--", StringComparison.Ordinal) && !l.StartsWith("#SBATCH ", StringComparison.Ordinal)))
        {
            var origin = section["sbatch"];
            errors.Add(new ConfigException(origin.File, origin.Key, $"'{line}' is not an sbatch option: write --option=value or a whole #SBATCH line"));
        }

        return errors.Count == 0 ? options : throw new ConfigErrors(errors);
    }

    private static string Text(ConfigValue value) =>
        value.Raw is string { Length: > 0 } text ? text : throw new ConfigException(value.File, value.Key, "expected a single non-empty value");

    private static string Word(ConfigValue value)
    {
        var text = Text(value);
        return text.Any(char.IsWhiteSpace) ? throw new ConfigException(value.File, value.Key, $"expected one word, got '{text}'") : text;
    }

    private static string Matching(ConfigValue value, Regex pattern, string expected)
    {
        var text = Text(value);
        return pattern.IsMatch(text) ? text : throw new ConfigException(value.File, value.Key, $"expected {expected}, got '{text}'");
    }

    private static int Positive(ConfigValue value) =>
        int.TryParse(Text(value), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ConfigException(value.File, value.Key, $"expected a positive integer, got '{value.Raw}'");

    private static List<string> Lines(ConfigValue value) => value.Raw switch
    {
        string { Length: > 0 } one => [one],
        List<object?> list when list.All(item => item is string { Length: > 0 }) => list.Cast<string>().ToList(),
        _ => throw new ConfigException(value.File, value.Key, "expected a line or a list of lines"),
    };

    [GeneratedRegex(@"^([0-9]+|[0-9]+:[0-9]{2}(:[0-9]{2})?|[0-9]+-[0-9]{1,2}(:[0-9]{2}){0,2}|UNLIMITED|INFINITE)$")]
    private static partial Regex TimeLimit();

    [GeneratedRegex(@"^[0-9]+[KMGT]?$")]
    private static partial Regex MemoryAmount();

    [GeneratedRegex(@"^([A-Za-z0-9_.-]+:)?[0-9]+$")]
    private static partial Regex GpuCount();
}
