using Neurons.Cli.Tests.Support;

namespace Neurons.Cli.Tests.ScaleOut;

public sealed class SlurmCommandTests
{
    [Fact]
    public async Task DryRun_PrintsAnArrayPerShardPhaseAndAJobPerGlobalStageAndWritesNothing()
    {
        // Given the slurm section of a GPU cluster
        using var project = await MiniProject.WithDatasetAsync();
        project.WritePipeline("ws", ScaleOutStages.Settings + """

            slurm:
              partition: short
              gpus: 1
              array_tasks: 3
              setup: module load dotnet
            """);

        // When the chain of slice -> fmri_mask -> fmri is printed
        var result = await project.RunAsync(["slurm", "--dry-run", .. ScaleOutStages.Stages.SelectMany(s => new[] { "--stage", s })]);

        // Then there are two arrays of 3 tasks around the global job, none asks for a GPU, and nothing is written
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        var scripts = result.Stdout.Split("# ---- ", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["01-neurons-slice.sbatch", "02-neurons-fmri_mask.sbatch", "03-neurons-fmri.sbatch", "submit.sh"], scripts.Select(s => Path.GetFileName(s[..s.IndexOf('\n', StringComparison.Ordinal)])));
        Assert.Contains("#SBATCH --array=0-2\n", scripts[0], StringComparison.Ordinal);
        Assert.Contains("#SBATCH --partition=short\n", scripts[0], StringComparison.Ordinal);
        Assert.Contains("module load dotnet\n", scripts[1], StringComparison.Ordinal);
        Assert.Contains(" run --config " + Path.Combine(project.Root, "pipeline.yaml") + " --shard $((SLURM_ARRAY_TASK_ID+1))/3 --stage fmri\n", scripts[2], StringComparison.Ordinal);
        Assert.EndsWith(" --stage fmri_mask\n", scripts[1], StringComparison.Ordinal);
        Assert.DoesNotContain("--gres", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("job3=$(sbatch --parsable --dependency=afterok:${job1%%;*}:${job2%%;*} --kill-on-invalid-dep=yes 03-neurons-fmri.sbatch)", scripts[3], StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(project.Root, "ws", ".state", "slurm")));
    }

    [Fact]
    public async Task Slurm_WithAMalformedOption_RefusesInOneLineNamingTheKey()
    {
        using var project = await MiniProject.WithDatasetAsync();
        project.WritePipeline("ws", "slurm:\n  memory: lots");

        var result = await project.RunAsync("slurm", "--dry-run");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: pipeline.yaml: slurm.memory: expected a Slurm memory amount such as 16G or 4000M, got 'lots'", Assert.Single(result.ErrorLines));
    }
}
