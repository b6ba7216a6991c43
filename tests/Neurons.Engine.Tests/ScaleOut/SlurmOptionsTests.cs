using Neurons.Engine.Config;
using Neurons.Engine.ScaleOut;

namespace Neurons.Engine.Tests.ScaleOut;

public sealed class SlurmOptionsTests
{
    [Fact]
    public void From_ASection_ReadsEveryOption()
    {
        var options = SlurmOptions.From(Section(
            ("partition", "gpu"),
            ("time", "1-12:00:00"),
            ("memory", "32G"),
            ("cpus", "8"),
            ("gpus", "2"),
            ("gpu_stages", new List<object?> { "train" }),
            ("array_tasks", "16"),
            ("setup", "module load dotnet")));

        Assert.Equal(("gpu", "1-12:00:00", "32G", 8, "2", 16), (options.Partition, options.Time, options.Memory, options.Cpus, options.Gpus, options.ArrayTasks));
        Assert.Equal(["train"], options.GpuStages);
        Assert.Equal(["module load dotnet"], options.Setup);
        Assert.Equal(["train", "train_decoupler", "decode", "generate"], new SlurmOptions().GpuStages);
    }

    [Fact]
    public void From_MalformedValues_ReportsEachWithItsKey()
    {
        var error = Assert.Throws<ConfigErrors>(() => SlurmOptions.From(Section(("time", "4 hours"), ("cpus", "0"), ("queue", "x"), ("sbatch", "qos=high"))));

        Assert.Equal(
            [
                "pipeline.yaml: slurm.cpus: expected a positive integer, got '0'",
                "pipeline.yaml: slurm.queue: unknown slurm option (known: " + SlurmOptions.KnownKeys + ")",
                "pipeline.yaml: slurm.time: expected a Slurm time limit such as 30, 04:00:00 or 1-12:00:00, got '4 hours'",
                "pipeline.yaml: slurm.sbatch: 'qos=high' is not an sbatch option: write --option=value or a whole #SBATCH line",
            ],
            error.Errors.Select(e => e.Message));
    }

    private static Dictionary<string, ConfigValue> Section(params (string Key, object? Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => new ConfigValue(e.Value, "pipeline.yaml", "slurm." + e.Key), StringComparer.Ordinal);
}
