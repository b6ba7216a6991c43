using Neurons.Engine.Scheduling;
using Neurons.Engine.Tests.Support;

namespace Neurons.Engine.Tests.Scheduling;

public sealed class StageSetupTests : IDisposable
{
    private readonly EngineFixture fixture = new("seg1", "seg2", "test1");
    private readonly FakeStage slice;
    private readonly FakeStage annotate;

    public StageSetupTests()
    {
        slice = fixture.Stage("slice", "version: \"1\"\noutputs: [clips]\nsources: [\"stimuli/{shard}.mp4\"]\nconcurrency: 2\nparams:\n  fps:\n    type: int\n    default: 3\n    doc: frames per second\n");
        annotate = fixture.Stage("annotate", "version: \"1\"\ninputs: [clips]\noutputs: [annotations]\n");
    }

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task Run_WhenAStageHasThreeItems_SetsItUpOnceBeforeTheFirstAndTearsItDownOnceAfterTheLast()
    {
        var results = await fixture.RunAsync();

        Assert.All(results, r => Assert.Equal(ItemOutcome.Succeeded, r.Outcome));
        Assert.Equal((1, 1), (slice.Setups, slice.Teardowns));
        Assert.Equal(5, slice.Events.Count);
        Assert.Equal("setup", slice.Events[0]);
        Assert.Equal(["run:seg1", "run:seg2", "run:test1"], slice.Events.Skip(1).Take(3).Order());
        Assert.Equal("teardown", slice.Events[4]);
    }

    [Fact]
    public async Task Run_WhenEveryItemIsUpToDate_NeverSetsTheStageUp()
    {
        await fixture.RunAsync();

        var second = await fixture.RunAsync();

        Assert.All(second, r => Assert.Equal(ItemOutcome.Skipped, r.Outcome));
        Assert.Equal((1, 1), (slice.Setups, slice.Teardowns));
        Assert.Equal((1, 1), (annotate.Setups, annotate.Teardowns));
    }

    [Fact]
    public async Task Run_SetupReceivesTheStagesEffectiveParameters()
    {
        fixture.Environment["NEURONS__stages__slice__fps"] = "5";
        long? fps = null;
        slice.OnSetup = context =>
        {
            fps = context.Parameters.GetInt("fps");
            return Task.CompletedTask;
        };

        await fixture.RunAsync();

        Assert.Equal(5L, fps);
    }

    [Fact]
    public async Task Run_WhenSetupThrows_FailsEveryItemOfTheStageWithItsErrorOnceAndStillTearsDown()
    {
        slice.OnSetup = _ => throw new InvalidDataException("models/segment.onnx: not an ONNX file");

        var results = await fixture.RunAsync();

        var sliceResults = results.Where(r => r.Item.Stage.Name == "slice").ToList();
        Assert.Equal(3, sliceResults.Count);
        Assert.All(sliceResults, r => Assert.Equal((ItemOutcome.Failed, "models/segment.onnx: not an ONNX file"), (r.Outcome, r.Message)));
        Assert.All(results.Where(r => r.Item.Stage.Name == "annotate"), r => Assert.Equal(ItemOutcome.Blocked, r.Outcome));
        Assert.Empty(slice.RanShards);
        Assert.Equal((1, 1), (slice.Setups, slice.Teardowns));
        Assert.Equal((0, 0), (annotate.Setups, annotate.Teardowns));
    }

    [Fact]
    public async Task Run_WhenAWorkItemFails_StillTearsTheStageDown()
    {
        slice.Before = (context, _) => context.Shard.Name == "seg2" ? throw new InvalidDataException("stimuli/seg2.mp4: truncated") : Task.CompletedTask;

        var results = await fixture.RunAsync();

        Assert.Equal(ItemOutcome.Failed, results.Single(r => r.Item.Id == "slice/seg2").Outcome);
        Assert.Equal((1, 1), (slice.Setups, slice.Teardowns));
        Assert.Equal("teardown", slice.Events[^1]);
    }
}
