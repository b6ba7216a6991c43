using Neurons.Data.Tables;
using Neurons.Evaluation.Runs;
using Neurons.Evaluation.Segmentation;

namespace Neurons.Evaluation.Tests.Runs;

public sealed class GroundTruthTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("ground-truth-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public async Task ReadAsync_WhenNoKeyObjectRows_TakesKeyFrameCaptionsUnionMasksAndNamedConcepts()
    {
        // Given clip a annotated on frames 0 and 2 (frame 2's caption is the clip's), a failed row for b,
        // two 2×2 object masks of a on frame 1 (top row, left column), no keyobjects rows,
        // and a's concepts: labels 0 and 2 set, named "cat" and "sky"
        var annotations = await WriteAsync("annotations.parquet", new AnnotationRow { ClipId = "a", Frame = 0, Caption = "first" }, new AnnotationRow { ClipId = "a", Frame = 2, Caption = "key" }, new AnnotationRow { ClipId = "b", Frame = 2, Caption = "x", Status = "failed" });
        var keyObjects = await WriteAsync<KeyObjectRow>("keyobjects.parquet");
        var masks = await WriteAsync(
            "masks.parquet",
            new MaskRow { ClipId = "a", Frame = 1, Width = 2, Height = 2, Mask = TableImages.FromMask([true, true, false, false], 2, 2) },
            new MaskRow { ClipId = "a", Frame = 1, Width = 2, Height = 2, Mask = TableImages.FromMask([true, false, true, false], 2, 2) });
        var concepts = await WriteAsync("concepts.parquet", new ConceptRow { ClipId = "a", MultiHot = [1, 0, 1], Concepts = ["cat", "sky"] });

        // When the ground truth is read
        var truth = await GroundTruth.ReadAsync([annotations], [keyObjects], [masks], [concepts], CancellationToken.None);

        // Then a's caption is frame 2's, b has none; masks come from the objects, a's frame 1 is their union at 64²
        const int size = MaskResize.EvaluationSize;
        Assert.Equal("key", Assert.Single(truth.Captions).Value);
        Assert.True(truth.MasksFromObjects);
        var mask = truth.Masks["a"];
        Assert.Equal(6 * size * size, mask.Length);
        Assert.Equal(size * size * 3 / 4, mask.Skip(size * size).Take(size * size).Count(m => m));
        Assert.True(mask[size * size]);
        Assert.False(mask[(size * size) + ((size - 1) * size) + (size - 1)]);
        Assert.DoesNotContain(true, mask.Take(size * size));
        Assert.Equal(["cat", "concept_1", "sky"], truth.ConceptNames);
        Assert.Equal([true, false, true], truth.Concepts["a"]);
    }

    [Fact]
    public async Task Predicted_WhenTheTruthHasNoCaption_GivesThePredictionNoCaptionEither()
    {
        // Given no annotations, masks or concepts, and a 1×1 black clip
        var empty = await WriteAsync<AnnotationRow>("empty.parquet");
        var truth = await GroundTruth.ReadAsync([empty], [], [], [], CancellationToken.None);
        var clip = new ClipRow { ClipId = "a", SplitIndex = 4, Width = 1, Height = 1, Frames = TableImages.FromRgbFrames(new byte[6 * 3], 1, 1) };

        // When paired with a prediction that has a caption
        var paired = truth.Predicted(clip, new PredictedOutputs(null, "a dog", null, null));

        // Then the metric without ground truth gets no prediction; the index is the split index
        Assert.Null(paired.PredictionCaption);
        Assert.Null(paired.TruthMask);
        Assert.Equal(4, paired.Index);
        Assert.Null(paired.PredictionFrames);
    }

    private async Task<string> WriteAsync<T>(string name, params T[] rows)
        where T : class, new()
    {
        var path = Path.Combine(dir, name);
        await ParquetRows.WriteAsync(path, rows, CancellationToken.None);
        return path;
    }
}
