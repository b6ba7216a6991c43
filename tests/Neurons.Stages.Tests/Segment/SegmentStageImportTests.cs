using Neurons.Data.Imaging;
using Neurons.Data.Tables;
using Neurons.Engine.Config;
using Neurons.Engine.Stages;
using Neurons.Stages.Segment;
using Neurons.Vision.Imaging;

namespace Neurons.Stages.Tests.Segment;

public sealed class SegmentStageImportTests : IDisposable
{
    private readonly SegmentStageHarness harness = new();

    [Fact]
    public async Task RunAsync_WhenProviderIsImport_ReadsReleaseNamedPngsOfTheShardsClips()
    {
        // Given two clips with split indices 4 and 5, and masks for idx 4 (frames 0, 2) and idx 9 (another shard)
        var folder = Directory.CreateDirectory(Path.Combine(harness.Dataset, "annotations", "masks", "train")).FullName;
        WriteMask(Path.Combine(folder, "mask_4_f0_dog.png"), 224, (x, y) => x >= 10 && x < 30 && y >= 100 && y < 110);
        WriteMask(Path.Combine(folder, "mask_4_f2_traffic_light.png"), 224, (x, y) => x == 0 && y == 0);
        WriteMask(Path.Combine(folder, "mask_9_f0_dog.png"), 224, (_, _) => true);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "not a mask");
        var clips = new[] { SegmentStageHarness.Clip("seg1", 0, 4), SegmentStageHarness.Clip("seg1", 1, 5) };
        var (context, masks) = await harness.ContextAsync(clips, [], new Dictionary<string, object> { ["provider"] = "import" });
        var stage = new SegmentStage();

        // When the stage runs
        await StageLifecycle.RunAsync(stage, context, CancellationToken.None);

        // Then one row per mask file of clip idx 4, with the mask's tight box and score 1
        var rows = await ParquetRows.ReadAsync<MaskRow>(masks.Path, CancellationToken.None);
        Assert.Equal(2, masks.Rows);
        Assert.Equal([("seg1_000", 0, "dog"), ("seg1_000", 2, "traffic_light")], rows.Select(r => (r.ClipId, r.Frame, r.Object)));
        var dog = rows[0];
        Assert.Equal([10f, 100f, 30f, 110f], dog.Box);
        Assert.Equal((224, 224, 1f, "import"), (dog.Width, dog.Height, dog.Score, dog.Source));
        var bits = dog.DecodeMask();
        Assert.Equal(200, bits.Count(b => b));
        Assert.True(bits[(100 * 224) + 10]);
        Assert.False(bits[(110 * 224) + 10]);
        Assert.Equal("import", (string?)masks.Metadata["provider"]);
    }

    [Fact]
    public async Task RunAsync_WhenImportedMaskIsSmallerThanTheFrame_ResizesItNearest()
    {
        // Given a 112×112 mask whose left half is set, for a 224×224 clip
        var folder = Directory.CreateDirectory(Path.Combine(harness.Dataset, "annotations", "masks", "train")).FullName;
        WriteMask(Path.Combine(folder, "mask_0_f1_car.png"), 112, (x, _) => x < 56);
        var (context, masks) = await harness.ContextAsync([SegmentStageHarness.Clip("seg1", 0, 0)], [], new Dictionary<string, object> { ["provider"] = "import" });
        var stage = new SegmentStage();

        // When the stage runs
        await StageLifecycle.RunAsync(stage, context, CancellationToken.None);

        // Then the stored mask is 224×224 with the left 112 columns set
        var row = Assert.Single(await ParquetRows.ReadAsync<MaskRow>(masks.Path, CancellationToken.None));
        Assert.Equal([0f, 0f, 112f, 224f], row.Box);
        Assert.Equal(112 * 224, row.DecodeMask().Count(b => b));
    }

    [Fact]
    public async Task RunAsync_WhenFramesParamExcludesAFrame_SkipsItsMasks()
    {
        // Given masks on frames 0 and 3 and frames = [3]
        var folder = Directory.CreateDirectory(Path.Combine(harness.Dataset, "annotations", "masks", "train")).FullName;
        WriteMask(Path.Combine(folder, "mask_0_f0_car.png"), 224, (_, _) => true);
        WriteMask(Path.Combine(folder, "mask_0_f3_car.png"), 224, (_, _) => true);
        var (context, masks) = await harness.ContextAsync(
            [SegmentStageHarness.Clip("seg1", 0, 0)],
            [],
            new Dictionary<string, object> { ["provider"] = "import", ["frames"] = new List<object> { "3" } });
        var stage = new SegmentStage();

        // When the stage runs
        await StageLifecycle.RunAsync(stage, context, CancellationToken.None);

        // Then only frame 3 is stored
        Assert.Equal(3, Assert.Single(await ParquetRows.ReadAsync<MaskRow>(masks.Path, CancellationToken.None)).Frame);
    }

    [Fact]
    public async Task RunAsync_WhenImportFolderIsMissing_FailsNamingTheFolderAndKey()
    {
        // Given no mask folder
        var (context, _) = await harness.ContextAsync([SegmentStageHarness.Clip("seg1", 0, 0)], [], new Dictionary<string, object> { ["provider"] = "import" });
        var stage = new SegmentStage();

        // When / Then the error is one line naming the key and the folder
        var error = await Assert.ThrowsAsync<ConfigException>(() => StageLifecycle.RunAsync(stage, context, CancellationToken.None));
        Assert.Equal(
            $"stages/segment/stage.yaml: stages.segment.import_dir: mask folder not found: {Path.Combine(harness.Dataset, "annotations/masks/train")}",
            error.Message);
    }

    public void Dispose() => harness.Dispose();

    private static void WriteMask(string path, int size, Func<int, int, bool> inside)
    {
        var pixels = new byte[size * size];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                pixels[(y * size) + x] = inside(x, y) ? (byte)255 : (byte)0;
            }
        }

        File.WriteAllBytes(path, PngEncoder.Encode(size, size, 1, pixels, filter: 4));
    }
}
