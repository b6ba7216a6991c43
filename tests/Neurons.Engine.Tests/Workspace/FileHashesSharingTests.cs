using System.Security.Cryptography;
using System.Text.Json;
using Neurons.Engine.Tests.Support;
using Neurons.Engine.Workspace;

namespace Neurons.Engine.Tests.Workspace;

public sealed class FileHashesSharingTests
{
    [Fact]
    public void Save_FromTwoRunsThatLoadedTheSameCache_KeepsTheEntriesOfBoth()
    {
        // Given two runs (two caches over one workspace) that each hash a different file
        using var dir = new TempDirectory();
        var a = dir.Write("data/a.bin", "first file");
        var b = dir.Write("data/b.bin", "second file");
        var first = new FileHashes(Path.Combine(dir.Path, "ws"));
        var second = new FileHashes(Path.Combine(dir.Path, "ws"));
        first.Of(a);
        second.Of(b);

        // When both save, one after the other
        first.Save();
        second.Save();

        // Then the shared file holds both hashes
        var saved = JsonSerializer.Deserialize<Dictionary<string, FileHashEntry>>(File.ReadAllBytes(Path.Combine(dir.Path, "ws", ".cache", "file-hashes.json")))!;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("first file"u8)), saved[a].Sha256);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("second file"u8)), saved[b].Sha256);
        Assert.Equal(2, saved.Count);
    }
}
