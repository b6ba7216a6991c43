using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Neurons.Annotation.Cache;
using Neurons.Annotation.Vlm;
using Xunit.Abstractions;

namespace Neurons.Annotation.Tests.Vlm;

public sealed class ThroughputBenchmarkTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    [BenchFact]
    public async Task Bench_With200msLatencyAndParallelism4_SustainsAtLeast18RequestsPerSecond_AndRerunSendsNone()
    {
        // Given a loopback Ollama answering every request after 200 ms, a gateway allowing 4 in flight
        // (so at most 20 requests/s), 120 clips of 224×224 frames (240 requests) and an empty cache
        using var server = new LoopbackVlmServer(r => new ServerAction.Reply(LoopbackVlmServer.CorrectReply(r), DelayMs: 200));
        using var gateway = TestGateways.Create(server, options: TestGateways.Fast with { MaxParallel = 4 });
        var clips = ClipFixtures.Make(120, size: 224);
        using var cache = VlmReplyCache.Open(temp.File("replies.sqlite"), TimeProvider.System);
        var provider = new VlmAnnotationProvider(gateway, TestPrompts.Caption, TestPrompts.Objects, new VlmGenerationOptions(), cache, NullLogger.Instance);
        await provider.AnnotateAsync(ClipFixtures.Make(1, segment: "warmup", size: 224)[0], 2, CancellationToken.None);
        var warmup = server.Requests.Count;

        // When the clips are annotated, then annotated again
        var clock = Stopwatch.StartNew();
        var first = await AnnotationRunner.RunAsync(clips, [2], provider, 8, NullLogger.Instance, null, CancellationToken.None);
        var firstSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var second = await AnnotationRunner.RunAsync(clips, [2], provider, 8, NullLogger.Instance, null, CancellationToken.None);
        var secondSeconds = clock.Elapsed.TotalSeconds;

        // Then the first run sustains >= 0.9 x 20 requests/s with never more than 4 in flight, and the rerun sends nothing
        var sent = server.Requests.Count - warmup;
        var rate = sent / firstSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run 1: {sent} requests in {firstSeconds:F2} s = {rate:F2} requests/s (ideal 20), max in flight {server.MaxInFlight}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run 2: {server.Requests.Count - warmup - sent} requests, {second.CacheHits} cache hits in {secondSeconds:F3} s"));
        Assert.Equal((120, 240), (first.Ok, sent));
        Assert.InRange(server.MaxInFlight, 1, 4);
        Assert.True(rate >= 18.0, $"{rate:F2} requests/s");
        Assert.Equal((120, 0, 240), (second.Ok, second.Requests, second.CacheHits));
        Assert.Equal(warmup + sent, server.Requests.Count);
    }
}
