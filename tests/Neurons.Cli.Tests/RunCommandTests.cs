using System.Text.Json;
using Neurons.Cli.Tests.Support;
using Neurons.Engine.Workspace;

namespace Neurons.Cli.Tests;

public sealed class RunCommandTests
{
    [Fact]
    public async Task Run_OnTheMiniSubset_SlicesEveryShardAndASecondRunDoesNoWork()
    {
        using var project = await MiniProject.WithDatasetAsync();

        var first = await project.RunAsync("run", "--stage", "slice");
        var second = await project.RunAsync("run", "--stage", "slice");
        var status = await project.RunAsync("status", "--json", "--stage", "slice");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("slice/seg1: committed 4 rows", first.Stdout);
        Assert.Equal(0, second.ExitCode);
        Assert.DoesNotContain("committed", second.Stdout);
        using var json = JsonDocument.Parse(status.Stdout);
        var states = json.RootElement.EnumerateArray().Select(e => (e.GetProperty("shard").GetString(), e.GetProperty("state").GetString(), e.GetProperty("rows").GetInt64())).ToList();
        Assert.Equal([("seg1", "done", 4L), ("seg2", "done", 4L), ("seg3", "done", 4L), ("test1", "done", 4L)], states);
    }

    [Fact]
    public async Task Run_KilledWithSigkillDuringSlicing_ResumesToShardsIdenticalToAnUninterruptedRun()
    {
        // Given an uninterrupted run into one workspace
        using var project = await MiniProject.WithDatasetAsync();
        project.WritePipeline("ws-clean", "run:\n  max_parallel: 1");
        Assert.Equal(0, (await project.RunAsync("run", "--stage", "slice")).ExitCode);

        // When a run into another workspace is killed as soon as its first shard is committed
        project.WritePipeline("ws-killed", "run:\n  max_parallel: 1");
        using (var process = PipelineProcess.Start(project.Root, "run", "--stage", "slice"))
        {
            var firstSidecar = Path.Combine(project.Root, "ws-killed", "clips", "seg1.meta.json");
            while (!File.Exists(firstSidecar) && !process.HasExited)
            {
                await Task.Delay(5);
            }

            process.Kill();
            await process.WaitForExitAsync();
        }

        var partial = project.ShardHashes("ws-killed", "clips");
        var resumed = await project.RunAsync("run", "--stage", "slice");

        // Then the rerun completes the missing shards and every shard equals the uninterrupted one
        Assert.Equal(0, resumed.ExitCode);
        Assert.True(partial.Count < 4, $"the kill came too late to interrupt slicing ({partial.Count} shards done)");
        Assert.Equal(project.ShardHashes("ws-clean", "clips"), project.ShardHashes("ws-killed", "clips"));
        Assert.Empty(Directory.GetFiles(Path.Combine(project.Root, "ws-killed", "clips", ".tmp")));
    }

    [Fact]
    public async Task Run_WhileAnotherRunHoldsTheWorkspace_RefusesWithExit2()
    {
        using var project = await MiniProject.WithDatasetAsync();
        using var held = WorkspaceLock.Acquire(Path.Combine(project.Root, "ws"), ".lock", TimeProvider.System);

        var result = await project.RunAsync("run", "--stage", "slice");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("is in use by another pipeline run (pid", line);
    }

    [Fact]
    public async Task DryRun_PrintsWhatWouldRunAndRunsNothing()
    {
        using var project = await MiniProject.WithDatasetAsync();

        var result = await project.RunAsync("run", "--stage", "slice", "--dry-run");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("slice/seg1", result.Stdout);
        Assert.Contains("4 of 4 work items would run.", result.Stdout);
        Assert.False(Directory.Exists(Path.Combine(project.Root, "ws", "clips")));
    }
}
