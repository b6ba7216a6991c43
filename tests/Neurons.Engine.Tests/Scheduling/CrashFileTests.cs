using Neurons.Engine.Scheduling;
using Neurons.Engine.Tests.Support;

namespace Neurons.Engine.Tests.Scheduling;

public sealed class CrashFileTests : IDisposable
{
    private readonly EngineFixture fixture = new("seg1");
    private readonly FakeStage slice;

    public CrashFileTests()
    {
        slice = fixture.Stage("slice", "version: \"1\"\noutputs: [clips]\nsources: [\"stimuli/{shard}.mp4\"]\nparams:\n  fps:\n    type: int\n    default: 3\n    doc: frames per second\n");
    }

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task Run_WhenAWorkItemFails_LeavesACrashFileWithTheStackTraceParametersAndInputs()
    {
        slice.Before = (_, _) => ThrowFromNamedMethod();

        await fixture.RunAsync();

        var session = fixture.Session();
        var failure = session.Store.TryReadFailure("slice", "seg1")!;
        Assert.Equal(".state/failures/slice/seg1.crash.txt", failure.CrashFile);
        var crash = File.ReadAllText(Path.Combine(fixture.Workspace, failure.CrashFile!));
        Assert.Contains("work item: slice/seg1", crash, StringComparison.Ordinal);
        Assert.Contains("fps: 3", crash, StringComparison.Ordinal);
        Assert.Contains("source: " + Path.Combine(fixture.Root, "data", "stimuli", "seg1.mp4"), crash, StringComparison.Ordinal);
        Assert.Contains("System.IO.InvalidDataException: decoder gave up", crash, StringComparison.Ordinal);
        Assert.Contains(nameof(ThrowFromNamedMethod), crash, StringComparison.Ordinal);
        var status = session.Assess(new WorkItem(session.Catalog.Stages[0], session.Shards[0]));
        Assert.Equal(ItemState.Failed, status.State);
        Assert.EndsWith($"(details: {Path.Combine(fixture.Workspace, ".state/failures/slice/seg1.crash.txt")})", status.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WhenAFailedItemLaterSucceeds_RemovesItsCrashFile()
    {
        slice.Before = (_, _) => ThrowFromNamedMethod();
        await fixture.RunAsync();
        slice.Before = null;

        await fixture.RunAsync();

        Assert.False(File.Exists(Path.Combine(fixture.Workspace, ".state/failures/slice/seg1.crash.txt")));
        Assert.Null(fixture.Session().Store.TryReadFailure("slice", "seg1"));
    }

    private static Task ThrowFromNamedMethod() => throw new InvalidDataException("decoder gave up");
}
