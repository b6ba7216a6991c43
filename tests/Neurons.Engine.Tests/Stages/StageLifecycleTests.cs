using Microsoft.Extensions.Logging.Abstractions;
using Neurons.Engine.Stages;
using Neurons.Engine.Tests.Support;

namespace Neurons.Engine.Tests.Stages;

public sealed class StageLifecycleTests
{
    [Fact]
    public async Task RunAsync_SetsUpWithTheItemsParametersRunsItThenTearsDown()
    {
        var stage = new FakeStage("slice");
        long? fps = null;
        stage.OnSetup = context =>
        {
            fps = context.Parameters.GetInt("fps");
            return Task.CompletedTask;
        };

        await StageLifecycle.RunAsync(stage, Context("seg1", 4), CancellationToken.None);

        Assert.Equal(["setup", "run:seg1", "teardown"], stage.Events);
        Assert.Equal(4L, fps);
    }

    [Fact]
    public async Task RunAsync_WhenSetupThrows_SkipsTheItemButStillTearsDown()
    {
        var stage = new FakeStage("slice") { OnSetup = _ => throw new InvalidDataException("models/x.onnx: truncated") };

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => StageLifecycle.RunAsync(stage, Context("seg1", 3), CancellationToken.None));

        Assert.Equal("models/x.onnx: truncated", error.Message);
        Assert.Equal(["setup", "teardown"], stage.Events);
    }

    [Fact]
    public async Task RunAsync_WhenTheItemThrows_StillTearsDown()
    {
        var stage = new FakeStage("slice") { Before = (_, _) => throw new InvalidDataException("stimuli/seg1.mp4: truncated") };

        await Assert.ThrowsAsync<InvalidDataException>(() => StageLifecycle.RunAsync(stage, Context("seg1", 3), CancellationToken.None));

        Assert.Equal(["setup", "run:seg1", "teardown"], stage.Events);
    }

    private static StageContext Context(string shard, long fps) => new(
        "slice",
        new Shard(shard, "train"),
        [new Shard(shard, "train")],
        new StageParameters(new Dictionary<string, object> { ["fps"] = fps }),
        "/nonexistent/dataset",
        "/nonexistent/workspace",
        [],
        new Dictionary<string, IReadOnlyList<InputShard>>(),
        new Dictionary<string, OutputShard>(),
        NullLogger.Instance,
        new Progress<double>(),
        TimeProvider.System);
}
