using Neurons.Testing.Vlm;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Neurons.Annotation.Cache;
using Neurons.Annotation.Vlm;
using Neurons.Data.Tables;

namespace Neurons.Bench.Vlm;

/// <summary>
/// Issue 5: annotation throughput through the library's gateway, provider and runner (<see cref="VlmGateway"/>,
/// <see cref="VlmAnnotationProvider"/>, <see cref="AnnotationRunner"/>) against a loopback Ollama with a fixed
/// latency and a bound of P requests in flight: the limit is P ÷ latency (20 requests/s for 4 and 200 ms), and bare
/// HttpClient posts with P in flight to the same server are measured in the same run. Then a rerun over the same
/// clips and cache, which must send no request.
/// </summary>
internal static class VlmThroughputBench
{
    public static BenchDefinition Definition()
    {
        var clips = new Option<int>("--clips") { Description = "Clips annotated on their key frame (2 requests each: caption and objects).", DefaultValueFactory = _ => 120 };
        var latency = new Option<int>("--latency-ms") { Description = "The server's fixed latency per request.", DefaultValueFactory = _ => 200 };
        var parallel = new Option<int>("--parallel") { Description = "Requests in flight the gateway allows (the server's parallelism).", DefaultValueFactory = _ => 4 };
        return new BenchDefinition(
            "vlm-throughput",
            "Annotation requests/s against a loopback Ollama (200 ms, parallelism 4) vs the 20 requests/s limit; rerun from the cache sends 0 (issue 5).",
            [clips, latency, parallel],
            ["--clips", "30"],
            (parse, ct) => RunAsync(Math.Max(1, parse.GetValue(clips)), Math.Max(1, parse.GetValue(latency)), Math.Max(1, parse.GetValue(parallel)), ct));
    }

    private static async Task<BenchReport> RunAsync(int clipCount, int latencyMs, int parallel, CancellationToken cancellationToken)
    {
        var report = new BenchReport("vlm-throughput", string.Create(CultureInfo.InvariantCulture, $"annotate through the VLM gateway, loopback Ollama /api/chat, {latencyMs} ms latency, {parallel} in flight"));
        var latency = TimeSpan.FromMilliseconds(latencyMs);
        var limit = parallel * 1000.0 / latencyMs;
        var scratch = Directory.CreateTempSubdirectory("neurons-bench-vlm-");
        try
        {
            using var server = new LoopbackVlmServer(request => new ServerAction.Reply(LoopbackVlmServer.CorrectReply(request), (int)latency.TotalMilliseconds));
            var prompts = AnnotationPrompts.Load(AnnotationPrompts.BuiltInDirectory);
            using var gateway = VlmGateway.Create(
                new VlmEndpointOptions { Kind = "ollama", Url = server.Url, Model = "qwen2.5vl:7b", KeepAlive = "10m" },
                new VlmResilienceOptions { MaxParallel = parallel },
                NullLogger.Instance,
                TimeProvider.System);
            using var cache = VlmReplyCache.Open(Path.Combine(scratch.FullName, VlmReplyCache.FileName), TimeProvider.System);
            var provider = new VlmAnnotationProvider(gateway, prompts.Caption, prompts.Objects, new VlmGenerationOptions(), cache, NullLogger.Instance);
            var clips = Clips("seg1", clipCount);
            int[] keyFrame = [2];

            // Warm-up on a clip of its own (connections, JIT, the cache's first write), not timed.
            await AnnotationRunner.RunAsync(Clips("warmup", 1), keyFrame, provider, 2 * parallel, NullLogger.Instance, null, cancellationToken).ConfigureAwait(false);
            var bare = await BareRateAsync(server.Url, parallel, 2 * clipCount, cancellationToken).ConfigureAwait(false);

            var before = server.Requests.Count;
            var watch = Stopwatch.StartNew();
            var first = await AnnotationRunner.RunAsync(clips, keyFrame, provider, 2 * parallel, NullLogger.Instance, null, cancellationToken).ConfigureAwait(false);
            var firstSeconds = watch.Elapsed.TotalSeconds;
            var sent = server.Requests.Count - before;
            var maxInFlight = server.MaxInFlight;

            watch.Restart();
            var second = await AnnotationRunner.RunAsync(clips, keyFrame, provider, 2 * parallel, NullLogger.Instance, null, cancellationToken).ConfigureAwait(false);
            var secondSeconds = watch.Elapsed.TotalSeconds;
            var resent = server.Requests.Count - before - sent;

            var rate = sent / firstSeconds;
            report.Rows.Add(BenchRow.Throughput("annotation run: requests/s through the gateway", rate, "requests/s", string.Create(CultureInfo.InvariantCulture, $"limit: {parallel} in flight ÷ {latencyMs} ms"), limit, "≥ 0.9"));
            report.Rows.Add(BenchRow.Throughput("annotation run: requests/s through the gateway", rate, "requests/s", string.Create(CultureInfo.InvariantCulture, $"bare HttpClient posts, {parallel} in flight, same server"), bare));
            report.Rows.Add(BenchRow.Figure("annotation run: clips annotated ok", first.Ok, "clips", $"= {clipCount}"));
            report.Rows.Add(BenchRow.Figure("annotation run: requests sent", sent, "requests", $"= {2 * clipCount}"));
            report.Rows.Add(new BenchRow("most requests in flight at the server", maxInFlight, "requests", "the gateway's bound", parallel, (double)maxInFlight / parallel, "≤ 1", Machine.LoadAverage()));
            report.Rows.Add(BenchRow.Figure("rerun: requests sent", resent, "requests", "= 0"));
            report.Rows.Add(BenchRow.Figure("rerun: cache hits", second.CacheHits, "replies", $"= {2 * clipCount}"));
            report.Rows.Add(BenchRow.Figure("rerun: wall time", secondSeconds * 1000, "ms"));
            report.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"{clipCount} clips of 224×224, key frame 2, caption + objects prompts from prompts/ = {2 * clipCount} requests in {firstSeconds:F2} s; runner parallelism {2 * parallel}; SQLite WAL reply cache; default resilience options except max_parallel {parallel}."));
            report.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"first run: {first.Ok} ok, {first.Failed} failed, {first.Requests} requests, {first.CacheHits} cache hits; rerun: {second.Ok} ok, {second.Failed} failed, {second.Requests} requests, {second.CacheHits} cache hits."));
            return report.Finish();
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    /// <summary>Posts a minimal valid chat request <paramref name="total"/> times with <paramref name="parallel"/> in flight; returns requests/s.</summary>
    private static async Task<double> BareRateAsync(string url, int parallel, int total, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        const string body = """{"model":"qwen2.5vl:7b","stream":false,"messages":[{"role":"user","content":"hi"}],"format":{"type":"object","properties":{"caption":{"type":"string"}}}}""";
        var next = -1;
        async Task Worker()
        {
            while (Interlocked.Increment(ref next) < total)
            {
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(new Uri("api/chat", UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => Worker())).ConfigureAwait(false);
        return total / watch.Elapsed.TotalSeconds;
    }

    /// <summary>Clips of 224×224 pseudo-random frames, distinct per clip (so each has its own cache key).</summary>
    private static List<ClipRow> Clips(string segment, int count, int size = 224)
    {
        var clips = new List<ClipRow>(count);
        for (var i = 0; i < count; i++)
        {
            var frames = new byte[ClipRow.FrameCount * size * size * 3];
            new Random(BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes($"{segment}/{i}")))).NextBytes(frames);
            clips.Add(new ClipRow
            {
                ClipId = string.Create(CultureInfo.InvariantCulture, $"{segment}_{i:000}"),
                Split = "train",
                Segment = segment,
                TrIndex = i,
                SplitIndex = i,
                StartSeconds = 2.0 * i,
                SourceFrames = [.. Enumerable.Range(0, ClipRow.FrameCount).Select(f => (i * 60) + (f * 10))],
                Width = size,
                Height = size,
                Frames = TableImages.FromRgbFrames(frames, size, size),
                SourceSha256 = new string('0', 64),
            });
        }

        return clips;
    }
}
