using Neurons.Data.Fmri;
using Neurons.Data.Tables;
using Neurons.Model.Inference;

namespace Neurons.Model.Tests.Inference;

public sealed class ClipVoxelsTests
{
    [Fact]
    public void Averaged_ReturnsEachClipsRepeatMeanInTheClipOrderGiven()
    {
        // Given subject 2 with test clips a (repeats [1, 2], [3, 6]) and b (one repeat [5, 5])
        var fmri = new SubjectFmri(2);
        fmri.Add("test", "a", 0, 1, [1f, 2f]);
        fmri.Add("test", "a", 0, 2, [3f, 6f]);
        fmri.Add("test", "b", 1, 1, [5f, 5f]);
        var clips = new[] { new ClipRow { ClipId = "b", Split = "test" }, new ClipRow { ClipId = "a", Split = "test" } };

        // When averaged for b then a
        var voxels = ClipVoxels.Averaged(fmri, clips, 2, "model.safetensors");

        // Then b = [5, 5] from 1 repeat, a = [2, 4] from 2
        Assert.Equal(("b", 1), (voxels[0].ClipId, voxels[0].Repeats));
        Assert.Equal([5f, 5f], voxels[0].Voxels);
        Assert.Equal(("a", 2), (voxels[1].ClipId, voxels[1].Repeats));
        Assert.Equal([2f, 4f], voxels[1].Voxels);
    }

    [Fact]
    public void Averaged_WhenAClipHasNoRows_ThrowsNamingSubjectAndClip()
    {
        var fmri = new SubjectFmri(3);
        fmri.Add("test", "a", 0, 1, [1f]);

        var ex = Assert.Throws<InvalidDataException>(() => ClipVoxels.Averaged(fmri, [new ClipRow { ClipId = "z", Split = "test" }], 3, "m"));
        Assert.Equal("fmri: subject 3 has no rows for clip z", ex.Message);
    }
}
