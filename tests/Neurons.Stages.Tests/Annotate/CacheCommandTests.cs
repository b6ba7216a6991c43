using System.CommandLine;
using Microsoft.Extensions.Time.Testing;
using Neurons.Annotation.Cache;
using Neurons.Cli.Commands;

namespace Neurons.Stages.Tests.Annotate;

public sealed class CacheCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("neurons-cache-cli-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public async Task Prune_ByModel_RemovesThatModelsEntriesAndExitsZero()
    {
        // Given a cache with two entries of qwen2.5vl:7b and one of qwen2.5vl:72b
        var path = Path.Combine(dir, "vlm-replies.sqlite");
        using (var cache = VlmReplyCache.Open(path, TimeProvider.System))
        {
            cache.Put(Entry("a", "qwen2.5vl:7b"));
            cache.Put(Entry("b", "qwen2.5vl:7b"));
            cache.Put(Entry("c", "qwen2.5vl:72b"));
        }

        // When `pipeline cache prune --model qwen2.5vl:7b --file <cache>` runs, then `cache stats`
        var pruned = await InvokeAsync("cache", "prune", "--model", "qwen2.5vl:7b", "--file", path);
        var stats = await InvokeAsync("cache", "stats", "--file", path, "--json");

        // Then both exit 0 and only the 72b entry is left
        Assert.Equal((0, 0), (pruned, stats));
        using var reopened = VlmReplyCache.Open(path, TimeProvider.System);
        Assert.Equal([("qwen2.5vl:72b", 1L)], reopened.GetStatistics().ByModel.Select(m => (m.Model, m.Entries)));
    }

    [Fact]
    public async Task Prune_ByAge_RemovesEntriesUnusedForThatLong()
    {
        // Given an entry last used 40 days ago and one used now
        var path = Path.Combine(dir, "vlm-replies.sqlite");
        var past = new FakeTimeProvider(TimeProvider.System.GetUtcNow() - TimeSpan.FromDays(40));
        using (var old = VlmReplyCache.Open(path, past))
        {
            old.Put(Entry("old", "m"));
        }

        using (var now = VlmReplyCache.Open(path, TimeProvider.System))
        {
            now.Put(Entry("new", "m"));
        }

        // When entries unused for 30 days are pruned
        var exit = await InvokeAsync("cache", "prune", "--unused-for", "30d", "--file", path);

        // Then the old one is gone and the new one stays
        Assert.Equal(0, exit);
        using var reopened = VlmReplyCache.Open(path, TimeProvider.System);
        Assert.False(reopened.TryGet("old", out _));
        Assert.True(reopened.TryGet("new", out _));
    }

    [Theory]
    [InlineData("cache", "prune")]
    [InlineData("cache", "prune", "--unused-for", "soon")]
    public async Task Prune_WithoutAFilterOrWithABadAge_IsAUsageError(params string[] args)
    {
        // Given a cache file
        var path = Path.Combine(dir, "vlm-replies.sqlite");
        using (var cache = VlmReplyCache.Open(path, TimeProvider.System))
        {
            cache.Put(Entry("a", "m"));
        }

        // When prune is asked to remove nothing in particular, or with an unreadable duration
        var exit = await InvokeAsync([.. args, "--file", path]);

        // Then it exits 2 and removes nothing
        Assert.Equal(2, exit);
        using var reopened = VlmReplyCache.Open(path, TimeProvider.System);
        Assert.Equal(1, reopened.GetStatistics().Entries);
    }

    [Fact]
    public async Task Stats_WhenNoCacheYet_ExitsZeroWithoutCreatingIt()
    {
        // Given no cache file
        var path = Path.Combine(dir, "none", "vlm-replies.sqlite");

        // When stats are asked for
        var exit = await InvokeAsync("cache", "stats", "--file", path);

        // Then it exits 0 and creates nothing
        Assert.Equal(0, exit);
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("30d", 30 * 24 * 60)]
    [InlineData("12h", 12 * 60)]
    [InlineData("45m", 45)]
    [InlineData("7", 7 * 24 * 60)]
    public void ParseAge_ReadsUnits(string text, double minutes)
    {
        // Given a duration text / When it is parsed / Then it is that many minutes
        Assert.Equal(TimeSpan.FromMinutes(minutes), CacheCommand.ParseAge(text));
    }

    private static Task<int> InvokeAsync(params string[] args)
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(CacheCommand.Create());
        return root.Parse(args).InvokeAsync();
    }

    private static CacheEntry Entry(string key, string model) => new(key, "ollama", model, "p", "i", "o", "{}");
}
