using System.Diagnostics;
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
        project.WritePipeline("ws-clean", maxParallel: 1);
        Assert.Equal(0, (await project.RunAsync("run", "--stage", "slice")).ExitCode);

        // When a run into another workspace is killed as soon as its first shard is committed
        project.WritePipeline("ws-killed", maxParallel: 1);
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
    public async Task Run_KilledWithSigkillDuringSlicing_LeavesNoFfmpegRunning()
    {
        // Given a slice of a long movie, decoding in an ffmpeg child of the pipeline
        using var project = await MiniProject.WithDatasetAsync();
        await project.LongMovieAsync("seg1", 120);
        project.WritePipeline("ws", maxParallel: 1);
        using var process = PipelineProcess.Start(project.Root, "run", "--stage", "slice");
        var ffmpeg = 0;
        Assert.True(await ProcessProbe.WaitUntilAsync(() => (ffmpeg = ProcessProbe.Children(process.Id, "ffmpeg").FirstOrDefault()) > 0, process, TimeSpan.FromMinutes(2)), "no ffmpeg was started");

        // When the pipeline is killed with SIGKILL
        process.Kill();
        await process.WaitForExitAsync();

        // Then its ffmpeg is gone within 0.5 s (the kernel kills it with the pipeline)
        Assert.True(await ProcessProbe.WaitUntilAsync(() => !ProcessProbe.IsRunning(ffmpeg), Process.GetCurrentProcess(), TimeSpan.FromSeconds(0.5)), $"ffmpeg {ffmpeg} outlived the killed pipeline");
    }

    [Fact]
    public async Task Run_WhenSigtermArrivesDuringALongSlice_ExitsWith130Within2SecondsAndStopsFfmpeg()
    {
        // Given a slice of a long movie in progress
        using var project = await MiniProject.WithDatasetAsync();
        await project.LongMovieAsync("seg1", 120);
        project.WritePipeline("ws", maxParallel: 1);
        using var process = PipelineProcess.Start(project.Root, "run", "--stage", "slice");
        var ffmpeg = 0;
        Assert.True(await ProcessProbe.WaitUntilAsync(() => (ffmpeg = ProcessProbe.Children(process.Id, "ffmpeg").FirstOrDefault()) > 0, process, TimeSpan.FromMinutes(2)), "no ffmpeg was started");

        // When it receives SIGTERM
        var watch = Stopwatch.StartNew();
        ProcessProbe.Signal(process.Id, "TERM");
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(limit.Token);
        var seconds = watch.Elapsed.TotalSeconds;

        // Then it exits as cancelled within 2 s, with its ffmpeg gone and nothing committed for seg1
        Assert.Equal(130, process.ExitCode);
        Assert.True(seconds < 2, $"the pipeline took {seconds:F2} s to stop");
        Assert.False(ProcessProbe.IsRunning(ffmpeg));
        Assert.False(File.Exists(Path.Combine(project.Root, "ws", "clips", "seg1.meta.json")));
    }

    [Fact]
    public async Task Run_WhenSliceSizeIsZero_RefusesTheValueInsteadOfSlicing()
    {
        // Given slice.size: 0
        using var project = await MiniProject.WithDatasetAsync();
        project.WritePipeline("ws", "stages:\n  slice:\n    size: 0");

        // When the slice stage runs
        var result = await project.RunAsync("run", "--stage", "slice");

        // Then it is refused before anything runs (exit 2), in one line naming the key, and no shard is written
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: pipeline.yaml: stages.slice.size: ", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(project.Root, "ws", "clips")) && Directory.GetFiles(Path.Combine(project.Root, "ws", "clips"), "*.parquet").Length > 0);
    }

    [Fact]
    public async Task Run_WhenTheWorkspaceIsAFolderOfTheUsers_RefusesWithExit2AndTouchesNothing()
    {
        // Given a workspace setting that points at a folder of the user's
        using var project = await MiniProject.WithDatasetAsync();
        var home = Directory.CreateDirectory(Path.Combine(project.Root, "ws")).FullName;
        Directory.CreateDirectory(Path.Combine(home, "thesis", ".tmp"));
        await File.WriteAllTextAsync(Path.Combine(home, "thesis", ".tmp", "draft.tex"), "chapter 1");

        // When a run starts
        var result = await project.RunAsync("run", "--stage", "slice");

        // Then it is refused in one line (exit 2), and the folder holds exactly what it held
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("holds files the pipeline did not write (thesis)", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(["thesis"], Directory.EnumerateFileSystemEntries(home).Select(Path.GetFileName));
        Assert.Equal("chapter 1", await File.ReadAllTextAsync(Path.Combine(home, "thesis", ".tmp", "draft.tex")));
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
