using Neurons.Engine.Scheduling;
using Neurons.Engine.Tests.Support;
using Neurons.Engine.Workspace;

namespace Neurons.Engine.Tests.Scheduling;

public sealed class DagRunnerTests : IDisposable
{
    private readonly EngineFixture fixture = new("seg1", "seg2", "test1");
    private readonly FakeStage slice;
    private readonly FakeStage annotate;
    private readonly FakeStage train;

    public DagRunnerTests()
    {
        slice = fixture.Stage("slice", "version: \"1\"\noutputs: [clips]\nsources: [\"stimuli/{shard}.mp4\"]\nconcurrency: 2\nparams:\n  fps:\n    type: int\n    default: 3\n    doc: frames per second\n");
        annotate = fixture.Stage("annotate", "version: \"1\"\ninputs: [clips]\noutputs: [annotations]\nparams:\n  prompt:\n    type: path\n    default: \"\"\n    doc: prompt file\n");
        train = fixture.Stage("train", "version: \"1\"\nscope: global\nsplits: [train]\ninputs: [annotations]\noutputs: [model]\n");
    }

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task Run_WhenFresh_RunsEveryItemAndCommitsWithSidecars()
    {
        var results = await fixture.RunAsync();

        Assert.All(results, r => Assert.Equal(ItemOutcome.Succeeded, r.Outcome));
        Assert.Equal(["seg1", "seg2", "test1"], slice.RanShards.Order());
        Assert.Equal(["all"], train.RanShards);
        var store = fixture.Session().Store;
        var sidecar = store.TryRead("clips", "seg1")!;
        Assert.Equal(1, sidecar.Rows);
        Assert.Equal("train", sidecar.Split);
        Assert.Equal(FileHashesSha(store.DataPath("clips", "seg1")), sidecar.Sha256);
        Assert.Contains("stimuli/seg1.mp4", sidecar.Provenance.Sources.Keys);
    }

    [Fact]
    public async Task Run_WhenNothingChanged_SkipsEverything()
    {
        await fixture.RunAsync();

        var second = await fixture.RunAsync();

        Assert.All(second, r => Assert.Equal(ItemOutcome.Skipped, r.Outcome));
        Assert.Equal(3, slice.Runs);
        Assert.Equal(1, train.Runs);
    }

    [Fact]
    public async Task Run_WhenParameterChanges_RerunsThatStageAndDownstreamOnly()
    {
        await fixture.RunAsync();
        fixture.Environment["NEURONS__stages__annotate__prompt"] = "prompt.txt";
        fixture.WriteFile("prompt.txt", "describe the clip");

        var results = await fixture.RunAsync();

        Assert.Equal(3, slice.Runs);
        Assert.Equal(6, annotate.Runs);
        Assert.Equal(2, train.Runs);
        Assert.All(results.Where(r => r.Item.Stage.Name == "slice"), r => Assert.Equal(ItemOutcome.Skipped, r.Outcome));
        Assert.Equal("file changed: prompt", results.First(r => r.Item.Stage.Name == "annotate").Message);
    }

    [Fact]
    public async Task Run_WhenPromptFileContentChanges_RerunsThePromptsConsumers()
    {
        fixture.Environment["NEURONS__stages__annotate__prompt"] = "prompt.txt";
        fixture.WriteFile("prompt.txt", "describe the clip");
        await fixture.RunAsync();
        fixture.WriteFile("prompt.txt", "describe the clip in one phrase");

        var results = await fixture.RunAsync();

        Assert.Equal(6, annotate.Runs);
        Assert.Equal("file changed: prompt", results.First(r => r.Item.Stage.Name == "annotate").Message);
        Assert.Equal(3, slice.Runs);
    }

    [Fact]
    public async Task Run_WhenAPathParameterPointsAtAnIdenticalFileElsewhere_StaysUpToDate()
    {
        fixture.WriteFile("a/prompt.txt", "describe the clip");
        fixture.WriteFile("b/prompt.txt", "describe the clip");
        fixture.Environment["NEURONS__stages__annotate__prompt"] = "a/prompt.txt";
        await fixture.RunAsync();
        fixture.Environment["NEURONS__stages__annotate__prompt"] = "b/prompt.txt";

        var results = await fixture.RunAsync();

        Assert.All(results, r => Assert.Equal(ItemOutcome.Skipped, r.Outcome));
    }

    [Fact]
    public async Task Run_WhenSourceChanges_RerunsOnlyItsShardAndWhatReadsIt()
    {
        await fixture.RunAsync();
        fixture.WriteFile("data/stimuli/seg2.mp4", "a different movie");

        var results = await fixture.RunAsync();

        Assert.Equal(4, slice.RanShards.Count);
        Assert.Equal("seg2", slice.RanShards[3]);
        Assert.Equal("source changed: stimuli/seg2.mp4", results.Single(r => r.Item.Id == "slice/seg2").Message);
        Assert.Equal(ItemOutcome.Skipped, results.Single(r => r.Item.Id == "annotate/test1").Outcome);
        Assert.Equal(ItemOutcome.Succeeded, results.Single(r => r.Item.Id == "annotate/seg2").Outcome);
        Assert.Equal(ItemOutcome.Succeeded, results.Single(r => r.Item.Id == "train/all").Outcome);
    }

    [Fact]
    public async Task Run_WhenOneShardFails_OthersCompleteAndOnlyItsDownstreamIsBlocked()
    {
        slice.Before = (context, _) => context.Shard.Name == "seg2" ? throw new InvalidDataException("stimuli/seg2.mp4: truncated") : Task.CompletedTask;

        var results = await fixture.RunAsync();

        Assert.Equal(ItemOutcome.Failed, results.Single(r => r.Item.Id == "slice/seg2").Outcome);
        Assert.Equal("stimuli/seg2.mp4: truncated", results.Single(r => r.Item.Id == "slice/seg2").Message);
        Assert.Equal(ItemOutcome.Succeeded, results.Single(r => r.Item.Id == "annotate/seg1").Outcome);
        Assert.Equal(ItemOutcome.Blocked, results.Single(r => r.Item.Id == "annotate/seg2").Outcome);
        Assert.Equal(ItemOutcome.Blocked, results.Single(r => r.Item.Id == "train/all").Outcome);
        Assert.Null(fixture.Session().Store.TryRead("clips", "seg2"));
        Assert.False(Directory.EnumerateFiles(Path.Combine(fixture.Workspace, "clips", ".tmp")).Any());
    }

    [Fact]
    public async Task Run_AfterAFailureIsFixed_RetriesOnlyTheFailedItems()
    {
        slice.Before = (context, _) => context.Shard.Name == "seg2" ? throw new InvalidDataException("broken") : Task.CompletedTask;
        await fixture.RunAsync();
        var failed = fixture.Session().AssessAll(fixture.Session().Items(fixture.Session().Catalog.Stages, ShardSet.Everything));
        Assert.Equal(ItemState.Failed, failed.Single(a => a.Item.Id == "slice/seg2").State);
        slice.Before = null;

        var results = await fixture.RunAsync();

        Assert.Equal(["slice/seg2", "annotate/seg2", "train/all"], results.Where(r => r.Outcome == ItemOutcome.Succeeded).Select(r => r.Item.Id));
    }

    [Fact]
    public async Task Run_DownstreamStartsOnAShardBeforeUpstreamFinishesAllShards()
    {
        // Given slicing of seg2 that waits until annotation of seg1 has started
        var annotateStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        annotate.Before = (context, _) =>
        {
            if (context.Shard.Name == "seg1")
            {
                annotateStarted.TrySetResult();
            }

            return Task.CompletedTask;
        };
        slice.Before = async (context, token) =>
        {
            if (context.Shard.Name == "seg2")
            {
                await annotateStarted.Task.WaitAsync(TimeSpan.FromSeconds(20), token);
            }
        };

        // When the pipeline runs, Then it completes (it would time out if stages ran one after another)
        var results = await fixture.RunAsync();

        Assert.All(results, r => Assert.Equal(ItemOutcome.Succeeded, r.Outcome));
    }

    [Fact]
    public async Task Run_WhenCancelled_CommitsNothingAndTheNextRunResumes()
    {
        using var cancellation = new CancellationTokenSource();
        slice.Before = async (context, token) =>
        {
            if (context.Shard.Name == "seg2")
            {
                await cancellation.CancelAsync();
                await Task.Delay(Timeout.Infinite, token);
            }
        };
        fixture.WritePipeline(EngineFixture.DefaultPipeline + "\nrun:\n  max_parallel: 1\n");

        var results = await fixture.RunAsync(cancellationToken: cancellation.Token);

        Assert.Equal(ItemOutcome.Cancelled, results.Single(r => r.Item.Id == "slice/seg2").Outcome);
        Assert.Null(fixture.Session().Store.TryRead("clips", "seg2"));
        slice.Before = null;
        var resumed = await fixture.RunAsync();
        Assert.Equal(ItemOutcome.Skipped, resumed.Single(r => r.Item.Id == "slice/seg1").Outcome);
        Assert.Equal(ItemOutcome.Succeeded, resumed.Single(r => r.Item.Id == "slice/seg2").Outcome);
    }

    [Fact]
    public async Task Run_WhenAKilledRunLeftTemporaryFilesAndATornShard_IgnoresAndCleansThem()
    {
        // Given a committed run, then what a SIGKILLed run leaves: a half-written shard, a sidecar temp, a
        // failure-record temp and a checkpoint temp (all named after the dead process), and a torn shard
        await fixture.RunAsync(new RunRequest { Stages = ["slice"] });
        var store = fixture.Session().Store;
        var tmp = Path.Combine(fixture.Workspace, "clips", ".tmp");
        var leftovers = new[]
        {
            Path.Combine(tmp, DeadProcess.TempName("seg1.parquet")),
            Path.Combine(fixture.Workspace, "clips", DeadProcess.TempName("seg1.meta.json")),
            Path.Combine(fixture.Workspace, ".state", "failures", "slice", DeadProcess.TempName("seg1.json")),
            Path.Combine(fixture.Workspace, ".cache", "train", "subject1-abc", DeadProcess.TempName("step-000000010.safetensors")),
        };
        foreach (var leftover in leftovers)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(leftover)!);
            File.WriteAllText(leftover, "half-written");
        }

        // and, which must survive: this live process's temp and a user's file in the same folders
        var live = store.NewTempPath("clips", "seg3");
        File.WriteAllText(live, "being written");
        var user = Path.Combine(tmp, "notes.txt");
        File.WriteAllText(user, "mine");
        File.AppendAllText(store.DataPath("clips", "seg2"), "torn");

        var status = fixture.Session().AssessAll(fixture.Session().Items(fixture.Session().Catalog.Stages, ShardSet.Everything));
        Assert.Equal(ItemState.Missing, status.Single(a => a.Item.Id == "slice/seg2").State);
        var results = await fixture.RunAsync();

        Assert.Equal(ItemOutcome.Skipped, results.Single(r => r.Item.Id == "slice/seg1").Outcome);
        Assert.Equal(ItemOutcome.Succeeded, results.Single(r => r.Item.Id == "slice/seg2").Outcome);
        Assert.All(leftovers, l => Assert.False(File.Exists(l), l));
        Assert.True(File.Exists(live) && File.Exists(user));
        Assert.Equal(2, Directory.EnumerateFiles(tmp).Count());
    }

    [Fact]
    public async Task Run_WhenTheWorkspaceHoldsFilesThePipelineDidNotWrite_RefusesAndTouchesNothing()
    {
        // Given a workspace folder that is someone's home: documents and a .tmp folder of their own
        Directory.CreateDirectory(Path.Combine(fixture.Workspace, "Documents", ".tmp"));
        var notes = Path.Combine(fixture.Workspace, "Documents", ".tmp", "draft.txt");
        File.WriteAllText(notes, "mine");

        // When a run is pointed at it
        var error = await Assert.ThrowsAsync<WorkspaceRefusedException>(() => fixture.RunAsync());

        // Then it is refused in one line naming what is foreign, and nothing was created or removed
        Assert.StartsWith($"workspace {fixture.Workspace} holds files the pipeline did not write (Documents)", error.Message, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(notes));
        Assert.Equal(["Documents"], Directory.EnumerateFileSystemEntries(fixture.Workspace).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Run_InAWorkspaceMadeBeforeTheMarker_AdoptsItAndThenToleratesUserFiles()
    {
        // Given a workspace holding only what the engine writes (a committed run), without the marker
        await fixture.RunAsync(new RunRequest { Stages = ["slice"] });
        File.Delete(Path.Combine(fixture.Workspace, WorkspaceGuard.MarkerName));

        // When runs follow, the second after the user left a note in it
        await fixture.RunAsync();
        File.WriteAllText(Path.Combine(fixture.Workspace, "notes.txt"), "mine");
        var results = await fixture.RunAsync();

        // Then the first marks it as the pipeline's, and the second runs and keeps the note
        Assert.True(File.Exists(Path.Combine(fixture.Workspace, WorkspaceGuard.MarkerName)));
        Assert.All(results, r => Assert.Equal(ItemOutcome.Skipped, r.Outcome));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(fixture.Workspace, "notes.txt")));
    }

    [Fact]
    public async Task Run_WithFrom_ForcesThatStageAndDownstream()
    {
        await fixture.RunAsync();

        var results = await fixture.RunAsync(new RunRequest { From = "annotate" });

        Assert.Equal(3, slice.Runs);
        Assert.All(results, r => Assert.Equal(r.Item.Stage.Name == "slice" ? ItemOutcome.Skipped : ItemOutcome.Succeeded, r.Outcome));
    }

    [Fact]
    public async Task Run_WithStageWhoseInputIsMissing_BlocksWithTheMissingShard()
    {
        var results = await fixture.RunAsync(new RunRequest { Stages = ["annotate"] });

        Assert.All(results, r => Assert.Equal(ItemOutcome.Blocked, r.Outcome));
        Assert.Equal("needs clips/seg1, which is missing", results[0].Message);
    }

    [Fact]
    public async Task Run_WithShardSet_RunsItsShardsAndLeavesGlobalStagesOut()
    {
        var results = await fixture.RunAsync(new RunRequest { ShardSet = ShardSet.Parse("2/2") });

        Assert.Equal(["slice/seg2", "annotate/seg2"], results.Select(r => r.Item.Id));
    }

    [Fact]
    public async Task DryRun_SaysWhatWouldRunAndWhy()
    {
        await fixture.RunAsync(new RunRequest { Stages = ["slice"] });
        fixture.Environment["NEURONS__stages__slice__fps"] = "4";

        var plan = fixture.Runner().DryRun(new RunRequest());

        Assert.Equal("parameters changed: fps", plan.Single(p => p.Item.Id == "slice/seg1").Message);
        Assert.Equal("upstream slice/seg1 will run", plan.Single(p => p.Item.Id == "annotate/seg1").Message);
        Assert.All(plan, p => Assert.Equal(ItemOutcome.Succeeded, p.Outcome));
        Assert.Equal(0, annotate.Runs);
    }

    [Fact]
    public async Task Status_WhenUpstreamIsStale_ReportsDownstreamStale()
    {
        await fixture.RunAsync();
        fixture.Environment["NEURONS__stages__slice__fps"] = "4";
        var session = fixture.Session();

        var status = session.AssessAll(session.Items(session.Catalog.Stages, ShardSet.Everything));

        Assert.Equal(ItemState.Stale, status.Single(a => a.Item.Id == "slice/seg1").State);
        Assert.Equal("upstream slice/seg1 is stale", status.Single(a => a.Item.Id == "annotate/seg1").Reason);
        Assert.Equal(ItemState.Stale, status.Single(a => a.Item.Id == "train/all").State);
    }

    [Fact]
    public async Task Run_WhenCodeVersionChanges_ReportsIt()
    {
        await fixture.RunAsync();
        fixture.Stage("slice", "version: \"2\"\noutputs: [clips]\nsources: [\"stimuli/{shard}.mp4\"]\nparams:\n  fps:\n    type: int\n    default: 3\n    doc: frames per second\n");
        fixture.Fakes["slice"] = slice;

        var plan = fixture.Runner().DryRun(new RunRequest());

        Assert.Equal("code version changed (1 -> 2)", plan.Single(p => p.Item.Id == "slice/seg1").Message);
    }

    [Fact]
    public async Task Run_WhenAShardWasCommittedWithFailedRows_RetriesItNextRun()
    {
        // Given an annotate shard committed with rows that failed (within its threshold)
        var firstAttempt = true;
        annotate.Before = (context, _) =>
        {
            if (context.Shard.Name == "seg1" && firstAttempt)
            {
                firstAttempt = false;
                context.Output("annotations").Metadata[Neurons.Engine.Stages.OutputShard.RetryFailedKey] = true;
            }

            return Task.CompletedTask;
        };
        await fixture.RunAsync();

        // When the pipeline runs again
        var results = await fixture.RunAsync();

        // Then only that shard (and what reads it) runs again, saying why
        var rerun = results.Single(r => r.Item.Id == "annotate/seg1");
        Assert.Equal(ItemOutcome.Succeeded, rerun.Outcome);
        Assert.Equal("annotations/seg1 has failed rows to retry", rerun.Message);
        Assert.Equal(ItemOutcome.Skipped, results.Single(r => r.Item.Id == "annotate/seg2").Outcome);
        Assert.All((await fixture.RunAsync()).Where(r => r.Item.Stage.Name == "annotate"), r => Assert.Equal(ItemOutcome.Skipped, r.Outcome));
    }

    private static string FileHashesSha(string path) => Neurons.Engine.Workspace.FileHashes.Compute(path);
}
