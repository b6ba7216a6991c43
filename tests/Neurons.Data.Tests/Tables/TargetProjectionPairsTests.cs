using Neurons.Data.Tables;

namespace Neurons.Data.Tests.Tables;

public sealed class TargetProjectionPairsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("projection-pairs-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public async Task ReadAsync_WhenShardsMixSplits_ReturnsTrainRowsWithACaptionEmbeddingInOrder()
    {
        // Given two shards: a train row, a test row, a train row without caption embedding, and a second train row
        static TargetRow Row(string clip, string split, float[] mean, float[] text) => new()
        {
            ClipId = clip,
            Split = split,
            ClipImageMean = [.. mean],
            ClipText = text.Length == 0 ? [] : TargetFloat16.Round(text),
        };
        var first = Path.Combine(dir, "seg1.parquet");
        var second = Path.Combine(dir, "seg2.parquet");
        await ParquetRows.WriteAsync(first, [Row("a", "train", [1f, 2f], [0.5f]), Row("b", "test", [3f, 4f], [1.5f]), Row("c", "train", [5f, 6f], [])], CancellationToken.None);
        await ParquetRows.WriteAsync(second, [Row("d", "train", [0.25f, -1f], [0.1f])], CancellationToken.None);

        // When the pairs are read
        var pairs = await TargetProjectionPairs.ReadAsync([first, second], CancellationToken.None);

        // Then a and d come back: means exactly, texts through float16 (0.1 → 0.0999755859375)
        Assert.Equal(2, pairs.MeanTokens.Count);
        Assert.Equal([1f, 2f], pairs.MeanTokens[0]);
        Assert.Equal([0.25f, -1f], pairs.MeanTokens[1]);
        Assert.Equal([0.5f], pairs.Texts[0]);
        Assert.Equal([0.0999755859375f], pairs.Texts[1]);
    }

    [Fact]
    public async Task ReadAsync_WhenNoTrainRowHasText_ThrowsNamingTheProjection()
    {
        // Given a shard with only a test row
        var path = Path.Combine(dir, "test.parquet");
        await ParquetRows.WriteAsync(path, [new TargetRow { ClipId = "t", Split = "test", ClipText = TargetFloat16.Round([1f]) }], CancellationToken.None);

        // When / Then
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => TargetProjectionPairs.ReadAsync([path], CancellationToken.None));
        Assert.Contains("cannot fit the projection", ex.Message, StringComparison.Ordinal);
    }
}
