using Neurons.Data.Fmri;
using Neurons.Data.Tables;

namespace Neurons.Data.Tests.Fmri;

public sealed class SubjectFmriTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("subject-fmri-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public async Task ReadAsync_WhenSubjectsAreWanted_GathersTheirRowsBySplitClipAndRepeat()
    {
        // Given two shards holding subjects 1 and 2, clip t0 with two repeats and clips a/b of the train split
        static FmriRow Row(int subject, string split, string clip, int index, int repeat, params float[] voxels) =>
            new() { Subject = subject, Split = split, ClipId = clip, SplitIndex = index, Repeat = repeat, Voxels = [.. voxels] };
        var train = Path.Combine(dir, "train.parquet");
        var test = Path.Combine(dir, "test.parquet");
        await ParquetRows.WriteAsync(train, [Row(1, "train", "b", 1, 1, 3, 4), Row(1, "train", "a", 0, 1, 1, 2), Row(2, "train", "a", 0, 1, 9, 9)], CancellationToken.None);
        await ParquetRows.WriteAsync(test, [Row(1, "test", "t0", 0, 2, 7, 8), Row(1, "test", "t0", 0, 1, 5, 6)], CancellationToken.None);

        // When subject 1 is read
        var subjects = await SubjectFmri.ReadAsync([train, test], [1], CancellationToken.None);

        // Then only subject 1, its train clips in split order, its test repeats keyed 1 and 2
        var s = Assert.Single(subjects).Value;
        Assert.Equal(2, s.Voxels);
        Assert.Equal(["a", "b"], s.Ordered("train").Select(c => c.Id));
        Assert.Equal([1f, 2f], s.Ordered("train")[0].Repeats[1]);
        Assert.Equal([1, 2], s.Clips["test"]["t0"].Repeats.Keys);
        Assert.Equal([7f, 8f], s.Clips["test"]["t0"].Repeats[2]);
        Assert.Empty(s.Ordered("validation"));
    }

    [Fact]
    public void Add_WhenARepeatComesTwice_ThrowsNamingClipAndRepeat()
    {
        // Given a subject with clip c repeat 1
        var s = new SubjectFmri(4);
        s.Add("test", "c", 0, 1, [1f]);

        // When / Then the same repeat again is refused
        var ex = Assert.Throws<InvalidDataException>(() => s.Add("test", "c", 0, 1, [2f]));
        Assert.Equal("fmri: subject 4 clip c has repeat 1 twice", ex.Message);
    }
}
