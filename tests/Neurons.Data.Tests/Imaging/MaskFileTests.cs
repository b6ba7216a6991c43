using Neurons.Data.Imaging;

namespace Neurons.Data.Tests.Imaging;

public sealed class MaskFileTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("mask-file-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Theory]
    [InlineData("mask_12_f3_dog.png", 12, 3, "dog")]
    [InlineData("mask_0_f0_traffic_light.png", 0, 0, "traffic_light")]
    public void TryParse_WhenReleaseName_ReadsIndexFrameAndLabel(string name, int index, int frame, string label)
    {
        // When the file name is parsed
        Assert.True(MaskFile.TryParse("/x/" + name, out var file));

        // Then idx, frame and label come back
        Assert.Equal((index, frame, label), (file!.Index, file.Frame, file.Label));
    }

    [Theory]
    [InlineData("mask_a_f3_dog.png")]
    [InlineData("mask_1_3_dog.png")]
    [InlineData("mask_1_f3_.png")]
    [InlineData("masks_1_f3_dog.png")]
    public void TryParse_WhenNameDoesNotFollowTheNaming_ReturnsFalse(string name) =>
        Assert.False(MaskFile.TryParse(name, out _));

    [Fact]
    public void IndexFolder_WhenFilesFollowTheNaming_GroupsByClipSortedByFrameThenLabel()
    {
        // Given three masks of clip 4 out of order, one of clip 1, and a file that does not follow the naming
        foreach (var name in new[] { "mask_4_f2_dog.png", "mask_4_f0_zebra.png", "mask_4_f0_cat.png", "mask_1_f5_car.png", "mask_x_f1_dog.png" })
        {
            File.WriteAllBytes(Path.Combine(dir, name), []);
        }

        // When the folder is indexed
        var index = MaskFile.IndexFolder(dir);

        // Then clips 1 and 4, clip 4's files as (f0 cat, f0 zebra, f2 dog)
        Assert.Equal([1, 4], index.Keys.Order());
        Assert.Equal([(0, "cat"), (0, "zebra"), (2, "dog")], index[4].Select(f => (f.Frame, f.Label)));
        Assert.Equal(Path.Combine(dir, "mask_1_f5_car.png"), index[1][0].Path);
    }
}
