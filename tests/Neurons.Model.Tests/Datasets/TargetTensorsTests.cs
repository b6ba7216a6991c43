using Neurons.Data.Tables;
using Neurons.Model.Datasets;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Datasets;

public sealed class TargetTensorsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("target-tensors-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public async Task ReadAsync_CopiesTheNeededFramesOfEachClipInTheClipOrderGiven()
    {
        // Given clips a, b, c storing frames [2, 3] of 1 token × 2 wide (clip k's frame f token = [10k + f, -(10k + f)])
        // and a text of width 1 (= k), in a shard in the order c, a, b
        static TargetRow Row(string id, int k) => new()
        {
            ClipId = id,
            Split = "train",
            Frames = [2, 3],
            ImageTokens = 1,
            ImageWidth = 2,
            TextWidth = 1,
            ClipImageTokens = TargetFloat16.Round([10 * k + 2, -(10 * k + 2), 10 * k + 3, -(10 * k + 3)]),
            ClipText = TargetFloat16.Round([k]),
        };
        var path = Path.Combine(dir, "targets.parquet");
        await ParquetRows.WriteAsync(path, [Row("c", 3), Row("a", 1), Row("b", 2)], CancellationToken.None);
        var shape = await TargetTensors.ShapeAsync([path], CancellationToken.None);

        // When training reads b, a (frames 2 and 3) and the test reads c (frame 3)
        using var t = await TargetTensors.ReadAsync([path], ["b", "a"], ["c"], [2, 3], 3, shape, CancellationToken.None);

        // Then the shape is the first row's, and each tensor row is its clip's
        Assert.Equal((1, 2, 1), (shape.Tokens, shape.Width, shape.TextWidth));
        Assert.Equal([2, 3], shape.Frames);
        Assert.Equal([22f, -22f, 12f, -12f], t.TrainFrames[2].to_type(ScalarType.Float32).data<float>().ToArray());
        Assert.Equal([23f, -23f, 13f, -13f], t.TrainFrames[3].to_type(ScalarType.Float32).data<float>().ToArray());
        Assert.Equal([2f, 1f], t.TrainText.to_type(ScalarType.Float32).data<float>().ToArray());
        Assert.Equal([33f, -33f], t.TestTokens.to_type(ScalarType.Float32).data<float>().ToArray());
        Assert.Equal([3f], t.TestText.to_type(ScalarType.Float32).data<float>().ToArray());
    }

    [Fact]
    public async Task ReadAsync_WhenAClipHasNoRow_ThrowsNamingIt()
    {
        // Given a shard with clip a only
        var path = Path.Combine(dir, "one.parquet");
        await ParquetRows.WriteAsync(path, [new TargetRow { ClipId = "a", Frames = [0], ImageTokens = 1, ImageWidth = 1, TextWidth = 1, ClipImageTokens = TargetFloat16.Round([1f]), ClipText = TargetFloat16.Round([1f]) }], CancellationToken.None);
        var shape = await TargetTensors.ShapeAsync([path], CancellationToken.None);

        // When / Then reading clips a and z names z
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => TargetTensors.ReadAsync([path], ["a", "z"], [], [0], 0, shape, CancellationToken.None));
        Assert.Equal("train: 1 clip(s) with fmri rows have no targets row, e.g. z", ex.Message);
    }
}
