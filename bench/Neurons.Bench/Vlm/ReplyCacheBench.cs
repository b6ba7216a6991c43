using System.CommandLine;
using System.Globalization;
using Neurons.Annotation.Cache;

namespace Neurons.Bench.Vlm;

/// <summary>
/// Issue 17: the cost of a VLM reply cache hit in the network-safe form (a folder of content-addressed reply
/// files, one read per hit plus a line in this process's use log) against the SQLite file in WAL mode it
/// replaces (one UPDATE … RETURNING per hit), over the same entries, in alternating rounds.
/// </summary>
internal static class ReplyCacheBench
{
    public static BenchDefinition Definition()
    {
        var entries = new Option<int>("--entries") { Description = "Replies stored (cc2017: 5,520 clips × 2 requests).", DefaultValueFactory = _ => 11040 };
        var hits = new Option<int>("--hits") { Description = "Lookups per round (spread over the entries).", DefaultValueFactory = _ => 2000 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds (the median is kept).", DefaultValueFactory = _ => 5 };
        return new BenchDefinition(
            "reply-cache",
            "VLM reply cache hit cost: reply files (NFS-safe) vs SQLite WAL (issue 17).",
            [entries, hits, rounds],
            ["--entries", "2000", "--hits", "500", "--rounds", "3"],
            (parse, ct) => Task.FromResult(Run(Math.Max(1, parse.GetValue(entries)), Math.Max(1, parse.GetValue(hits)), Math.Max(1, parse.GetValue(rounds)))));
    }

    private static BenchReport Run(int entryCount, int hitCount, int rounds)
    {
        var scratch = Directory.CreateTempSubdirectory("neurons-bench-replies-");
        try
        {
            var report = new BenchReport("reply-cache", string.Create(CultureInfo.InvariantCulture, $"{entryCount:N0} replies of ~170 bytes; {hitCount:N0} hits per round; local disk ({scratch.FullName})"));
            using var files = VlmReplyCache.Open(Path.Combine(scratch.FullName, VlmReplyCache.FileName), TimeProvider.System);
            using var sqlite = VlmReplyCache.Open(Path.Combine(scratch.FullName, VlmReplyCache.LegacyFileName), TimeProvider.System);
            var keys = new string[entryCount];
            for (var i = 0; i < entryCount; i++)
            {
                var key = CacheKey.Compute("ollama", "qwen2.5vl:7b", "prompt", i.ToString(CultureInfo.InvariantCulture), "{}");
                keys[i] = key;

                // A reply of the size annotation gets back: a caption and a list of objects.
                var reply = string.Create(CultureInfo.InvariantCulture, $$"""{"caption":"a person in a red jacket walks a dog along a wet street past parked cars, clip {{i}}","objects":["person","jacket","dog","street","car","tree","building"]}""");
                var entry = new CacheEntry(key, "ollama", "qwen2.5vl:7b", "prompt", i.ToString(CultureInfo.InvariantCulture), "{}", reply);
                files.Put(entry);
                sqlite.Put(entry);
            }

            var step = Math.Max(1, entryCount / hitCount);
            var sink = 0;
            void Hits(VlmReplyCache cache)
            {
                for (var h = 0; h < hitCount; h++)
                {
                    sink += cache.TryGet(keys[(h * step) % entryCount], out var reply) ? reply.Length : 0;
                }
            }

            var times = Timing.Interleaved(rounds, 1, () => Hits(files), () => Hits(sqlite));
            var filesMicros = times[0] * 1000 / hitCount;
            var sqliteMicros = times[1] * 1000 / hitCount;
            report.Rows.Add(new BenchRow("hit: reply files (read + use log line)", filesMicros, "µs/hit", "SQLite WAL (UPDATE … RETURNING)", sqliteMicros, sqliteMicros > 0 ? filesMicros / sqliteMicros : null, "≤ 1 (no dearer than SQLite)", Machine.LoadAverage()));
            report.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"median of {rounds} alternating rounds; ratio = file hit time ÷ SQLite hit time; a VLM request it saves takes seconds. (checksum {sink})"));
            return report.Finish();
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }
}
