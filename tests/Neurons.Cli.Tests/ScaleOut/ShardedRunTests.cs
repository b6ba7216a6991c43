using System.Text.RegularExpressions;
using Neurons.Cli.Tests.Support;

namespace Neurons.Cli.Tests.ScaleOut;

public sealed partial class ShardedRunTests
{
    [Fact]
    public async Task Run_TwoShardSetsAtOnceOnOneWorkspace_CommitEveryShardOnceAndMatchASingleRun()
    {
        // Given a single-machine run of slice -> fmri_mask (global) -> fmri
        using var project = await MiniProject.WithDatasetAsync(ScaleOutStages.Trs);
        project.WritePipeline("ws-single", ScaleOutStages.Settings);
        var single = await project.RunAsync(ScaleOutStages.Run());
        Assert.True(single.ExitCode == 0, single.Stdout + single.Stderr);

        // When two sharded runs (1/2 and 2/2) are started together on one workspace for each per-shard phase,
        // with the global stage between them run once
        project.WritePipeline("ws-shared", ScaleOutStages.Settings);
        var slice = await Task.WhenAll(project.RunAsync("run", "--shard", "1/2", "--stage", "slice"), project.RunAsync("run", "--shard", "2/2", "--stage", "slice"));
        var mask = await project.RunAsync("run", "--stage", "fmri_mask");
        var fmri = await Task.WhenAll(project.RunAsync("run", "--shard", "1/2", "--stage", "fmri"), project.RunAsync("run", "--shard", "2/2", "--stage", "fmri"));

        // Then every run succeeded, every work item was committed exactly once, and every shard equals the single run's
        ProcessResult[] all = [.. slice, mask, .. fmri];
        Assert.All(all, r => Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr));
        var committed = all.SelectMany(r => Committed().Matches(r.Stdout).Select(m => m.Groups["item"].Value)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            ["fmri/seg1", "fmri/seg2", "fmri/seg3", "fmri/test1", "fmri_mask/all", "slice/seg1", "slice/seg2", "slice/seg3", "slice/test1"],
            committed);
        Assert.Equal(["slice/seg1", "slice/seg3"], Committed().Matches(slice[0].Stdout).Select(m => m.Groups["item"].Value).Order(StringComparer.Ordinal));
        foreach (var table in ScaleOutStages.Tables)
        {
            Assert.Equal(project.ShardHashes("ws-single", table), project.ShardHashes("ws-shared", table));
        }

        Assert.Equal(4, project.ShardHashes("ws-shared", "fmri").Count);
    }

    [GeneratedRegex(@"(?<item>[a-z_]+/[a-z0-9]+): committed", RegexOptions.Multiline)]
    private static partial Regex Committed();
}
