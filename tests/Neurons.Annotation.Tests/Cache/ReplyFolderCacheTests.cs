using Microsoft.Extensions.Time.Testing;
using Neurons.Annotation.Cache;
using Neurons.Annotation.Tests.Vlm;
using Neurons.Files;

namespace Neurons.Annotation.Tests.Cache;

/// <summary>The reply cache in its folder form (a workspace's default: one file per reply, safe on NFS and Lustre).</summary>
public sealed class ReplyFolderCacheTests : IDisposable
{
    private readonly TempDir temp = new();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Put_ThenReopen_ServesTheReplyFromItsOwnFileAndCountsTheHit()
    {
        var path = temp.File("annotate/" + VlmReplyCache.FileName);
        using (var cache = VlmReplyCache.Open(path, clock))
        {
            cache.Put(Entry("ab12", "qwen2.5vl:7b", """{"caption":"a dog"}"""));
        }

        using var reopened = VlmReplyCache.Open(path, clock);
        var found = reopened.TryGet("ab12", out var reply);
        var missing = reopened.TryGet("cd34", out var none);

        Assert.True(found);
        Assert.Equal("""{"caption":"a dog"}""", reply);
        Assert.False(missing);
        Assert.Null(none);
        Assert.Equal(1, reopened.GetStatistics().Hits);
        Assert.True(File.Exists(Path.Combine(path, "ab", "ab12.json")));
    }

    [Fact]
    public void TwoProcessesOnOneFolder_EachServesWhatTheOtherStored()
    {
        // Given two caches over one folder (two machines of a shared workspace)
        var path = temp.File(VlmReplyCache.FileName);
        using var first = VlmReplyCache.Open(path, clock);
        using var second = VlmReplyCache.Open(path, clock);

        // When each stores a reply
        first.Put(Entry("aa01", "m", "{\"n\":1}"));
        second.Put(Entry("bb02", "m", "{\"n\":2}"));

        // Then each serves the other's, and both hits are counted
        Assert.True(first.TryGet("bb02", out var fromSecond));
        Assert.True(second.TryGet("aa01", out var fromFirst));
        Assert.Equal(("{\"n\":2}", "{\"n\":1}"), (fromSecond, fromFirst));
        Assert.Equal((2L, 2L), (first.GetStatistics().Entries, first.GetStatistics().Hits));
    }

    [Fact]
    public void TryGet_WhileAnotherWriterHasOnlyItsTemporaryFile_Misses()
    {
        // Given a reply half-written by a writer that has not renamed it into place yet
        var path = temp.File(VlmReplyCache.FileName);
        using var cache = VlmReplyCache.Open(path, clock);
        Directory.CreateDirectory(Path.Combine(path, "cc"));
        File.WriteAllText(Path.Combine(path, "cc", "cc03.json" + TempOwner.Marker + "node7_4242-0123"), "{\"key\":\"cc03\",\"rep");

        // When the key is looked up, then it is a miss (never a torn reply)
        Assert.False(cache.TryGet("cc03", out _));
        Assert.Equal(0, cache.GetStatistics().Entries);
    }

    [Fact]
    public void GetStatisticsAndPrune_CountPerModelAndRemoveByLastUse()
    {
        // Given an entry used 40 days ago, one stored 40 days ago but served today, one stored today of another model
        var path = temp.File(VlmReplyCache.FileName);
        using var cache = VlmReplyCache.Open(path, clock);
        cache.Put(Entry("old1", "m", "{\"x\":1}"));
        cache.Put(Entry("used", "m", "{\"x\":22}"));
        clock.Advance(TimeSpan.FromDays(40));
        cache.TryGet("used", out _);
        cache.Put(Entry("new1", "n", "{}", provider: "openai"));

        // When statistics are read and entries unused for 30 days pruned
        var stats = cache.GetStatistics();
        var removed = cache.Prune(new CachePruneFilter { UnusedSince = clock.GetUtcNow() - TimeSpan.FromDays(30) });

        // Then the figures match and only the stale entry goes
        Assert.Equal([new CacheModelStatistics("ollama", "m", 2, 1, 15), new CacheModelStatistics("openai", "n", 1, 0, 2)], stats.ByModel);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero), stats.Oldest);
        Assert.Equal(new DateTimeOffset(2027, 1, 2, 12, 0, 0, TimeSpan.Zero), stats.LastUsed);
        Assert.Equal(1, removed);
        Assert.False(cache.TryGet("old1", out _));
        Assert.True(cache.TryGet("used", out _));
    }

    [Fact]
    public void Open_WhenAnEarlierSqliteCacheLiesBeside_MovesItsEntriesIntoTheFolder()
    {
        // Given a workspace cache of an earlier version (vlm-replies.sqlite)
        var legacy = temp.File("annotate/" + VlmReplyCache.LegacyFileName);
        using (var old = VlmReplyCache.Open(legacy, clock))
        {
            old.Put(Entry("dd04", "m", "{\"kept\":true}"));
        }

        // When the folder cache beside it is opened
        using var cache = VlmReplyCache.Open(temp.File("annotate/" + VlmReplyCache.FileName), clock);

        // Then the old reply is served from the folder and the old file is set aside
        Assert.True(cache.TryGet("dd04", out var reply));
        Assert.Equal("{\"kept\":true}", reply);
        Assert.False(File.Exists(legacy));
        Assert.True(File.Exists(legacy + ".moved"));
    }

    private static CacheEntry Entry(string key, string model, string reply, string provider = "ollama") =>
        new(key, provider, model, "prompt", "image", "temperature=0", reply);
}
