using System.Text.RegularExpressions;
using Neurons.Cli.Tests.Support;

namespace Neurons.Cli.Tests.ScaleOut;

/// <summary>
/// <c>pipeline slurm --submit</c> on a real one-node Slurm cluster on loopback: two array tasks per per-shard phase
/// plus the dependent global job, then a cancelled array task resubmitted with <c>--resume</c>.
/// </summary>
public sealed partial class SlurmSubmitTests
{
    private static readonly TimeSpan QueueLimit = TimeSpan.FromMinutes(3);

    [SlurmFact]
    public async Task Submit_AsTwoArrayTasksThenAfterACancelledTaskWithResume_EveryShardEqualsASingleMachineRun()
    {
        using var project = await MiniProject.WithDatasetAsync(ScaleOutStages.Trs);
        var gate = Path.Combine(project.Root, "gate");

        // Array task 1 waits while the gate file exists, so the test can cancel it while it runs.
        var settings = ScaleOutStages.Settings + $$"""

            slurm:
              array_tasks: 2
              cpus: 1
              setup:
                - 'if [ "${SLURM_ARRAY_TASK_ID:-}" = 1 ]; then while [ -e {{gate}} ]; do sleep 0.2; done; fi'
            """;
        project.WritePipeline("ws-single", settings);
        var single = await project.RunAsync(ScaleOutStages.Run());
        Assert.True(single.ExitCode == 0, single.Stdout + single.Stderr);
        using var slurm = await LoopbackSlurm.StartAsync();

        // When the chain is submitted and runs to the end
        project.WritePipeline("ws-slurm", settings);
        var submitted = await SubmitAsync(project, slurm);
        Assert.Equal(["neurons-slice: array 0-1", "neurons-fmri_mask: global", "neurons-fmri: array 0-1"], Jobs(submitted));
        await slurm.WaitUntilIdleAsync(QueueLimit);

        // Then every shard equals the single-machine run's
        AssertSameShards(project, "ws-slurm", slurm);

        // When, in a fresh workspace, array task 1 of the first array is cancelled while it runs
        project.WritePipeline("ws-cancel", settings);
        await File.WriteAllTextAsync(gate, "hold");
        var first = await SubmitAsync(project, slurm);
        var arrayJob = Submitted().Match(first.Stdout).Groups["id"].Value;
        await slurm.WaitUntilRunningAsync(arrayJob, 1, QueueLimit);
        var cancel = await slurm.CommandAsync("scancel", $"{arrayJob}_1");
        Assert.True(cancel.ExitCode == 0, cancel.Stderr);
        await slurm.WaitUntilIdleAsync(QueueLimit);
        File.Delete(gate);
        var partial = project.ShardHashes("ws-cancel", "clips").Keys.Order(StringComparer.Ordinal).ToList();

        // Then the dependent jobs never ran, and --resume resubmits only shard set 2 of the first array
        Assert.Equal(["seg1.parquet", "seg3.parquet"], partial);
        Assert.False(Directory.Exists(Path.Combine(project.Root, "ws-cancel", "fmri_masks")) && Directory.GetFiles(Path.Combine(project.Root, "ws-cancel", "fmri_masks"), "*.parquet").Length > 0);
        var resumed = await SubmitAsync(project, slurm, "--resume");
        Assert.Equal(["neurons-slice: array 1", "neurons-fmri_mask: global", "neurons-fmri: array 0-1"], Jobs(resumed));
        await slurm.WaitUntilIdleAsync(QueueLimit);
        AssertSameShards(project, "ws-cancel", slurm);
    }

    private static async Task<ProcessResult> SubmitAsync(MiniProject project, LoopbackSlurm slurm, params string[] extra)
    {
        var result = await PipelineProcess.RunAsync(project.Root, ["slurm", "--submit", .. ScaleOutStages.Stages.SelectMany(s => new[] { "--stage", s }), .. extra], slurm.Environment);
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        return result;
    }

    private static List<string> Jobs(ProcessResult submitted) =>
        Submitted().Matches(submitted.Stdout).Select(m => $"{m.Groups["name"].Value}: {m.Groups["shape"].Value}").ToList();

    private static void AssertSameShards(MiniProject project, string workspace, LoopbackSlurm slurm)
    {
        var logs = string.Join('\n', Directory.EnumerateFiles(Path.Combine(project.Root, workspace, ".state", "slurm"), "*.out", SearchOption.AllDirectories).Select(f => $"== {f}\n{File.ReadAllText(f)}"));
        foreach (var table in ScaleOutStages.Tables)
        {
            var expected = project.ShardHashes("ws-single", table);
            Assert.True(expected.Count > 0, $"the single run wrote no {table}");
            var actual = Directory.Exists(Path.Combine(project.Root, workspace, table)) ? project.ShardHashes(workspace, table) : new Dictionary<string, string>();
            Assert.True(expected.Count == actual.Count && expected.All(kv => actual.GetValueOrDefault(kv.Key) == kv.Value), $"{workspace}/{table} differs from the single run's\njob logs:\n{logs}\n{slurm.Logs()}");
        }
    }

    [GeneratedRegex(@"^submitted (?<name>\S+): job (?<id>[0-9]+) \((?<shape>array [0-9,-]+|global)", RegexOptions.Multiline)]
    private static partial Regex Submitted();
}
