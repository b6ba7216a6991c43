using System.Text.Json.Nodes;
using Neurons.Cli.Reconstruct;

namespace Neurons.Cli.Tests.Reconstruct;

public sealed class OutputFolderTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("neurons-reconstruct-out-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Open_FolderHoldingAFileReconstructDidNotWrite_RefusesUnlessForced()
    {
        // Given a folder holding someone's file
        var dir = Path.Combine(root, "out");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "mine");

        // When opened without --force / Then refused naming the file; with --force, opened, the file kept
        var refused = Assert.Throws<ReconstructInputException>(() => OutputFolder.Open(dir, force: false));
        Assert.Contains("notes.txt", refused.Message, StringComparison.Ordinal);
        using (var folder = OutputFolder.Open(dir, force: true))
        {
            File.WriteAllText(folder.Stage("caption.txt"), "a dog");
            folder.Commit();
        }

        Assert.Equal(["caption.txt", "notes.txt"], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Commit_OverAnEarlierReconstruct_ReplacesItsFilesAndRemovesTheOnesNotWrittenAgain()
    {
        // Given an earlier reconstruct's outputs (its manifest lists a.png and b.png)
        var dir = Path.Combine(root, "out");
        Write(dir, ("a.png", "old a"), ("b.png", "old b"));

        // When a second one writes a.png and c.png into the same folder, without --force
        using (var folder = OutputFolder.Open(dir, force: false))
        {
            File.WriteAllText(folder.Stage("a.png"), "new a");
            File.WriteAllText(folder.Stage("c.png"), "new c");

            // Then nothing is in place before the commit
            Assert.Equal("old a", File.ReadAllText(Path.Combine(dir, "a.png")));
            Assert.False(File.Exists(Path.Combine(dir, "c.png")));
            File.WriteAllText(folder.Stage(OutputFolder.ManifestName), new JsonObject { ["files"] = new JsonArray("a.png", "c.png", OutputFolder.ManifestName) }.ToJsonString());
            folder.Commit();
        }

        // And after it: the new files, b.png gone, no staging folder left
        Assert.Equal(["a.png", "c.png", OutputFolder.ManifestName], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("new a", File.ReadAllText(Path.Combine(dir, "a.png")));
    }

    [Fact]
    public void Dispose_WithoutCommit_LeavesTheEarlierOutputsAndNoStagingFolder()
    {
        // Given an earlier reconstruct's output
        var dir = Path.Combine(root, "out");
        Write(dir, ("a.png", "old a"));

        // When a run stages a file and fails before committing
        using (var folder = OutputFolder.Open(dir, force: false))
        {
            File.WriteAllText(folder.Stage("a.png"), "half");
        }

        // Then the folder is as it was
        Assert.Equal(["a.png", OutputFolder.ManifestName], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("old a", File.ReadAllText(Path.Combine(dir, "a.png")));
    }

    [Fact]
    public void Open_AFile_Refuses()
    {
        var file = Path.Combine(root, "file");
        File.WriteAllText(file, "x");
        Assert.Contains("a file, not a folder", Assert.Throws<ReconstructInputException>(() => OutputFolder.Open(file, force: true)).Message, StringComparison.Ordinal);
    }

    private static void Write(string dir, params (string Name, string Text)[] files)
    {
        Directory.CreateDirectory(dir);
        foreach (var (name, text) in files)
        {
            File.WriteAllText(Path.Combine(dir, name), text);
        }

        var names = new JsonArray([.. files.Select(f => (JsonNode)f.Name), OutputFolder.ManifestName]);
        File.WriteAllText(Path.Combine(dir, OutputFolder.ManifestName), new JsonObject { ["files"] = names }.ToJsonString());
    }
}
