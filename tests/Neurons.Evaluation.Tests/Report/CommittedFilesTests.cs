using Neurons.Evaluation.Report;
using Neurons.Testing.Vision;

namespace Neurons.Evaluation.Tests.Report;

public sealed class CommittedFilesTests : IDisposable
{
    private readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void LinkOrCopy_OnOneFilesystem_HardLinksTheCommittedFile()
    {
        // Given a committed file
        var committed = dir.File("s1_test1_000_blurry_f0.png");
        File.WriteAllBytes(committed, [1, 2, 3]);

        // When it is put into the report folder
        var linked = CommittedFiles.LinkOrCopy(committed, dir.File("copy.png"));

        // Then it is a hard link: bytes appended to the committed file show through the report's name
        Assert.True(linked);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(dir.File("copy.png")));
        using (var stream = new FileStream(committed, FileMode.Append))
        {
            stream.WriteByte(4);
        }

        Assert.Equal([1, 2, 3, 4], File.ReadAllBytes(dir.File("copy.png")));
    }

    [Fact]
    public void LinkOrCopy_WhenTheReportAlreadyHoldsTheName_ReplacesItWithACopy()
    {
        // Given a committed file and an older file of the same name in the report folder
        var committed = dir.File("s1_test1_000.mp4");
        File.WriteAllBytes(committed, [7, 8]);
        File.WriteAllBytes(dir.File("old.mp4"), [9]);

        // When it is put into the report folder / Then the old file is overwritten by a copy
        Assert.False(CommittedFiles.LinkOrCopy(committed, dir.File("old.mp4")));
        Assert.Equal([7, 8], File.ReadAllBytes(dir.File("old.mp4")));
    }
}
