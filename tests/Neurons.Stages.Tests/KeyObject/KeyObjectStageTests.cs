using Neurons.Annotation.KeyObjects;
using Neurons.Data.Tables;
using Neurons.Engine.Config;
using Neurons.Stages.KeyObject;
using Neurons.Stages.Tests.Concepts;

namespace Neurons.Stages.Tests.KeyObject;

public sealed class KeyObjectStageTests : IDisposable
{
    private const int Size = 64;
    private readonly StageWorkItem work = new();

    public void Dispose() => work.Dispose();

    public static Dictionary<string, object> Defaults() => new()
    {
        ["mode"] = "reference",
        ["top_k"] = 1L,
        ["priority_weight"] = 2.0,
        ["max_area"] = 0.5,
        ["categories_file"] = KeyObjectStage.BuiltInCategoriesFile,
    };

    [Fact]
    public async Task Run_WritesEachClipsKeyObjectReasonAndSixFrameMasks()
    {
        // Given a masks shard: clip 0 has the sky (background) and a dog moving 2 px per frame on frames 0–4;
        // clip 1 has a car on frame 0 only
        var rows = new List<MaskRow>();
        for (var f = 0; f < 6; f++)
        {
            rows.Add(Box("seg1_000", f, "sky", 0, 0, 64, 20));
            if (f < 5)
            {
                rows.Add(Box("seg1_000", f, "dog", 10 + (2 * f), 30, 8, 8));
            }
        }

        rows.Add(Box("seg1_001", 0, "car", 5, 5, 30, 30));
        await ParquetRows.WriteAsync(work.InputPath("masks"), rows, CancellationToken.None);
        var context = work.Context("keyobject", Defaults(), "masks", rows.Count, "keyobjects");

        // When the stage runs
        await new KeyObjectStage().RunAsync(context, CancellationToken.None);

        // Then clip 0's key object is the dog (priority, 4 pairs × 2 px × 2) with its masks, zeros on frame 5
        var output = context.Output("keyobjects");
        var result = await ParquetRows.ReadAsync<KeyObjectRow>(output.Path, CancellationToken.None);
        Assert.Equal(2, result.Count);
        var dog = result[0];
        Assert.Equal(("seg1_000", "dog", "priority", "reference"), (dog.ClipId, dog.KeyObject, dog.Reason, dog.Mode));
        Assert.Equal(16.0, dog.Displacement, 9);
        Assert.Equal(64.0 / (Size * Size), dog.Area, 9);
        Assert.Equal(["dog"], dog.TopObjects);
        Assert.Equal(["dog"], dog.Ranking);
        Assert.Equal((Size, Size, 6), (dog.Width, dog.Height, dog.FrameCount));
        Assert.Equal(6, dog.Masks.Count);
        Assert.Equal(rows[1].DecodeMask(), dog.DecodeMask(0));
        Assert.DoesNotContain(true, dog.DecodeMask(5));

        // And clip 1, with nothing followed between frames, is "None" with empty masks (reference rules)
        Assert.Equal(("None", "none"), (result[1].KeyObject, result[1].Reason));
        Assert.All(Enumerable.Range(0, 6), f => Assert.DoesNotContain(true, result[1].DecodeMask(f)));
        Assert.Equal(2, output.Rows);
        Assert.Equal(1, output.Metadata["reasons"]!["none"]!.GetValue<int>());
    }

    [Fact]
    public async Task Run_InPaperMode_FallsBackToTheLargestObject()
    {
        // Given a clip with masks on one frame only: a car and a cup
        MaskRow[] rows = [Box("seg1_001", 0, "cup", 0, 0, 4, 4), Box("seg1_001", 0, "car", 5, 5, 30, 30)];
        await ParquetRows.WriteAsync(work.InputPath("masks"), rows, CancellationToken.None);
        var parameters = Defaults();
        parameters["mode"] = "paper";
        var context = work.Context("keyobject", parameters, "masks", rows.Length, "keyobjects");

        // When the stage runs in paper mode
        await new KeyObjectStage().RunAsync(context, CancellationToken.None);

        // Then the largest object is chosen and its mask is frame 0's
        var row = Assert.Single(await ParquetRows.ReadAsync<KeyObjectRow>(context.Output("keyobjects").Path, CancellationToken.None));
        Assert.Equal(("car", "largest", "paper"), (row.KeyObject, row.Reason, row.Mode));
        Assert.Equal(rows[1].DecodeMask(), row.DecodeMask(0));
    }

    [Fact]
    public async Task Run_WhenAMaskImageIsSmallerThanItsSize_FailsNamingClipFrameAndObject()
    {
        // Given a mask row whose PNG is 32×32 while the row says 64×64
        var bad = Box("seg1_004", 3, "dog", 0, 0, 4, 4);
        bad.Mask = TableImages.FromMask(new bool[32 * 32], 32, 32);
        await ParquetRows.WriteAsync(work.InputPath("masks"), new[] { bad }, CancellationToken.None);
        var context = work.Context("keyobject", Defaults(), "masks", 1, "keyobjects");

        // When the stage runs
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => new KeyObjectStage().RunAsync(context, CancellationToken.None));

        // Then the one-line message names the file, clip, frame, object and sizes
        Assert.Equal($"{work.InputPath("masks")}: masks seg1_004 frame 3 dog: the PNG is 32x32, the row says 64x64", error.Message);
    }

    [Fact]
    public async Task Run_WhenModeUnknown_IsAConfigurationError()
    {
        var parameters = Defaults();
        parameters["mode"] = "fancy";
        var context = work.Context("keyobject", parameters, "masks", 0, "keyobjects");
        var error = await Assert.ThrowsAsync<ConfigException>(() => new KeyObjectStage().RunAsync(context, CancellationToken.None));
        Assert.Contains("stages.keyobject.mode", error.Message, StringComparison.Ordinal);
    }

    private static MaskRow Box(string clip, int frame, string label, int x, int y, int w, int h)
    {
        var pixels = new bool[Size * Size];
        for (var row = y; row < y + h; row++)
        {
            for (var col = x; col < x + w; col++)
            {
                pixels[(row * Size) + col] = true;
            }
        }

        return new MaskRow
        {
            ClipId = clip,
            Frame = frame,
            Object = label,
            Box = [x, y, x + w, y + h],
            Score = 1,
            Width = Size,
            Height = Size,
            Mask = TableImages.FromMask(pixels, Size, Size),
            Source = "import",
        };
    }
}
