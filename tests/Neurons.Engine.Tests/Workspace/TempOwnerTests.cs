using Neurons.Engine.Tests.Support;
using Neurons.Files;

namespace Neurons.Engine.Tests.Workspace;

public sealed class TempOwnerTests : IDisposable
{
    private readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Name_ParsesBackToTheFinalNameHostAndThisProcess()
    {
        var name = TempOwner.Name("seg1.parquet", "abc123");

        Assert.True(TempOwner.TryParse(name, out var final, out var host, out var pid));
        Assert.Equal(("seg1.parquet", TempOwner.Host, Environment.ProcessId), (final, host, pid));
        Assert.Equal($"seg1.parquet.tmp-{TempOwner.Host}_{Environment.ProcessId}-abc123", name);
    }

    [Theory]
    [InlineData("seg1.parquet")]
    [InlineData("notes.tmp")]
    [InlineData("seg1.parquet.tmp-")]
    [InlineData("seg1.parquet.tmp-host")]
    [InlineData("seg1.parquet.tmp-host_x12")]
    public void TryParse_WhenNotATempName_ReturnsFalse(string name) =>
        Assert.False(TempOwner.TryParse(name, out _, out _, out _));

    [Fact]
    public void DeleteStale_RemovesOnlyTheTempsOfDeadOwnersOfThisMachine()
    {
        // Given a dead process's temp file and folder, this live process's temp, another machine's, and user files
        var deadFile = dir.Write(DeadProcess.TempName("seg1.parquet"), "half");
        var deadFolder = Path.Combine(dir.Path, DeadProcess.TempName("seg1.files"));
        Directory.CreateDirectory(Path.Combine(deadFolder, "clip_000"));
        File.WriteAllText(Path.Combine(deadFolder, "clip_000", "frame0.png"), "png");
        var live = dir.Write(TempOwner.Name("seg2.parquet", "x"), "writing");
        var remote = dir.Write($"seg3.parquet.tmp-othermachine_{DeadProcess.Pid()}", "theirs");
        var user = dir.Write("notes.tmp", "mine");
        var lookalike = dir.Write("report.tmp-final", "mine too");

        // When stale temps are deleted
        var removed = TempOwner.DeleteStale(dir.Path);

        // Then only the dead process's two are gone
        Assert.Equal(2, removed);
        Assert.False(File.Exists(deadFile) || Directory.Exists(deadFolder));
        Assert.All(new[] { live, remote, user, lookalike }, p => Assert.True(File.Exists(p), p));
    }

    [Fact]
    public void IsStale_WhenThePidWasReusedByAProcessStartedLater_IsTrue()
    {
        // Given a temp named after this very process but last written long before it started (a previous
        // incarnation with the same pid, as in a container)
        var path = dir.Write(TempOwner.Name("seg1.parquet", "old"), "half");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddDays(-1));

        // When / Then
        Assert.True(TempOwner.IsStale(path));
    }
}
