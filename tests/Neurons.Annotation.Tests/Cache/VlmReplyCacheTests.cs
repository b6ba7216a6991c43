using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Neurons.Annotation.Cache;
using Neurons.Annotation.Tests.Vlm;

namespace Neurons.Annotation.Tests.Cache;

public sealed class VlmReplyCacheTests : IDisposable
{
    private readonly TempDir temp = new();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Put_ThenReopen_ServesTheReplyAndCountsTheHit()
    {
        // Given a reply stored and the cache closed (as after a crash or a finished run)
        var path = temp.File("c/replies.sqlite");
        using (var cache = VlmReplyCache.Open(path, clock))
        {
            cache.Put(Entry("k1", "qwen2.5vl:7b", """{"caption":"a dog"}"""));
        }

        // When the file is opened again and the key looked up
        using var reopened = VlmReplyCache.Open(path, clock);
        var found = reopened.TryGet("k1", out var reply);
        var missing = reopened.TryGet("k2", out var none);

        // Then the reply is there, a missing key misses, and the hit is counted
        Assert.True(found);
        Assert.Equal("""{"caption":"a dog"}""", reply);
        Assert.False(missing);
        Assert.Null(none);
        Assert.Equal(1, reopened.GetStatistics().Hits);
    }

    [Fact]
    public void Open_UsesWriteAheadLogging()
    {
        // Given a new cache file
        var path = temp.File("replies.sqlite");
        using var cache = VlmReplyCache.Open(path, clock);

        // When its journal mode is read by another connection
        using var other = new SqliteConnection($"Data Source={path};Pooling=False");
        other.Open();
        using var command = other.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        // Then it is WAL (readers and one writer at a time across processes)
        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public void Open_WhenFileIsNotADatabase_ThrowsNamingIt()
    {
        // Given a text file where the cache should be
        var path = temp.File("replies.sqlite");
        File.WriteAllText(path, "this is not sqlite, just some text long enough to have a header page");

        // When it is opened
        var error = Assert.Throws<InvalidDataException>(() => VlmReplyCache.Open(path, clock));

        // Then the message names the file
        Assert.StartsWith($"{path}: not a usable reply cache", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetStatistics_CountsEntriesHitsAndBytesPerModel()
    {
        // Given two replies of one model, one of another, and two hits
        using var cache = VlmReplyCache.Open(temp.File("replies.sqlite"), clock);
        cache.Put(Entry("a", "qwen2.5vl:7b", "{\"x\":1}"));
        clock.Advance(TimeSpan.FromHours(1));
        cache.Put(Entry("b", "qwen2.5vl:7b", "{\"x\":22}"));
        cache.Put(Entry("c", "qwen2.5vl:72b", "{}", provider: "openai"));
        cache.TryGet("a", out _);
        cache.TryGet("a", out _);

        // When statistics are read
        var stats = cache.GetStatistics();

        // Then totals and the per-model breakdown match, with the first store time and last use
        Assert.Equal((3L, 2L), (stats.Entries, stats.Hits));
        Assert.Equal(
            [new CacheModelStatistics("ollama", "qwen2.5vl:7b", 2, 2, 15), new CacheModelStatistics("openai", "qwen2.5vl:72b", 1, 0, 2)],
            stats.ByModel);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero), stats.Oldest);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 13, 0, 0, TimeSpan.Zero), stats.LastUsed);
        Assert.True(stats.FileBytes > 0);
    }

    [Fact]
    public void Prune_ByLastUse_RemovesOnlyEntriesNotUsedSince()
    {
        // Given an entry used 40 days ago, one stored 40 days ago but served today, and one stored today
        using var cache = VlmReplyCache.Open(temp.File("replies.sqlite"), clock);
        cache.Put(Entry("old", "m", "{}"));
        cache.Put(Entry("old-but-used", "m", "{}"));
        clock.Advance(TimeSpan.FromDays(40));
        cache.TryGet("old-but-used", out _);
        cache.Put(Entry("new", "m", "{}"));

        // When entries unused for 30 days are pruned
        var removed = cache.Prune(new CachePruneFilter { UnusedSince = clock.GetUtcNow() - TimeSpan.FromDays(30) });

        // Then only the stale one goes
        Assert.Equal(1, removed);
        Assert.False(cache.TryGet("old", out _));
        Assert.True(cache.TryGet("old-but-used", out _));
        Assert.True(cache.TryGet("new", out _));
    }

    [Fact]
    public void Prune_ByModel_RemovesOnlyThatModel()
    {
        // Given entries of two models
        using var cache = VlmReplyCache.Open(temp.File("replies.sqlite"), clock);
        cache.Put(Entry("a", "qwen2.5vl:7b", "{}"));
        cache.Put(Entry("b", "qwen2.5vl:72b", "{}"));

        // When one model is pruned
        var removed = cache.Prune(new CachePruneFilter { Model = "qwen2.5vl:7b" });

        // Then only its entry goes
        Assert.Equal(1, removed);
        Assert.Equal([("qwen2.5vl:72b", 1L)], cache.GetStatistics().ByModel.Select(m => (m.Model, m.Entries)));
    }

    [Fact]
    public void Compute_ChangesWithEveryKeyPart()
    {
        // Given a key and the same key with one part changed at a time
        var key = CacheKey.Compute("ollama", "qwen2.5vl:7b", "p", "i", "o");
        string[] variants =
        [
            CacheKey.Compute("openai", "qwen2.5vl:7b", "p", "i", "o"),
            CacheKey.Compute("ollama", "qwen2.5vl:72b", "p", "i", "o"),
            CacheKey.Compute("ollama", "qwen2.5vl:7b", "q", "i", "o"),
            CacheKey.Compute("ollama", "qwen2.5vl:7b", "p", "j", "o"),
            CacheKey.Compute("ollama", "qwen2.5vl:7b", "p", "i", "x"),
        ];

        // When / Then every variant differs from it and from each other, and the key is stable
        Assert.Equal(6, variants.Append(key).Distinct().Count());
        Assert.Equal(key, CacheKey.Compute("ollama", "qwen2.5vl:7b", "p", "i", "o"));
        Assert.Matches("^[0-9a-f]{64}$", key);
    }

    [Fact]
    public async Task Put_FromManyThreads_StoresEveryEntry()
    {
        // Given one cache shared by 8 concurrent writers
        using var cache = VlmReplyCache.Open(temp.File("replies.sqlite"), clock);

        // When each stores 25 entries
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 25; i++)
            {
                cache.Put(Entry($"{t}-{i}", "m", "{}"));
            }
        })));

        // Then all 200 are there
        Assert.Equal(200, cache.GetStatistics().Entries);
    }

    private static CacheEntry Entry(string key, string model, string reply, string provider = "ollama") =>
        new(key, provider, model, "prompt", "image", "temperature=0", reply);
}
