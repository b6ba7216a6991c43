using Microsoft.Extensions.Logging.Abstractions;
using Neurons.Annotation.Cache;
using Neurons.Annotation.Vlm;

namespace Neurons.Annotation.Tests.Vlm;

public sealed class AnnotationRunnerTests : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("ollama", false)]
    [InlineData("ollama", true)]
    [InlineData("openai", false)]
    public async Task Run_With30PercentFaultsOfEveryKind_EveryRowEndsOkOrFailedWithReason_AndRerunAsksOnlyForFailedRows(string kind, bool stream)
    {
        // Given 20 clips (40 prompt requests) where 12 requests fault on their first attempt, one of
        // them twice, with every fault kind: 500, 503, a dropped connection, a non-JSON body, a truncated
        // body, a schema-violating reply, a non-JSON reply and a hang past the timeout;
        // and two clips that never succeed: clip 4's object reply always violates the schema and
        // clip 13's caption request always gets 503
        var clips = ClipFixtures.Make(20);
        var script = new FaultScript(clips, frame: 2);
        ServerAction[] kinds =
        [
            new ServerAction.Status(500),
            new ServerAction.Status(503),
            new ServerAction.Drop(),
            new ServerAction.MalformedBody(),
            new ServerAction.Truncated("""{"caption":"a dog running on a road"}"""),
            new ServerAction.Reply("""{"objects":[]}"""),
            new ServerAction.Reply("The image shows a dog."),
            stream ? new ServerAction.HangMidStream("{\"cap") : new ServerAction.Hang(),
        ];
        var faulted = Enumerable.Range(0, 40).Where(k => k % 10 is 1 or 4 or 7).ToList();
        for (var i = 0; i < faulted.Count; i++)
        {
            var key = (faulted[i] / 2, faulted[i] % 2 == 0);
            script.Plan[key] = i == 0 ? [kinds[i % kinds.Length], new ServerAction.Status(502)] : [kinds[i % kinds.Length]];
        }

        script.Always[(4, false)] = new ServerAction.Reply("""{"objects":["dog","dog"]}""");
        script.Always[(13, true)] = new ServerAction.Status(503);
        // (the breaker at its defaults: share, minimum and window; only the waits are shortened)
        var defaults = new VlmResilienceOptions();
        var options = TestGateways.Fast with
        {
            AttemptTimeout = TimeSpan.FromSeconds(2),
            MinimumThroughput = defaults.MinimumThroughput,
            FailureRatio = defaults.FailureRatio,
            SamplingDuration = defaults.SamplingDuration,
            BreakDuration = TimeSpan.FromMilliseconds(500),
        };
        var cachePath = temp.File("replies.sqlite");
        var log = new ListLogger();

        // When the clips are annotated
        AnnotationRunResult first;
        int firstRequests;
        using (var server = new LoopbackVlmServer(script.Respond))
        using (var gateway = TestGateways.Create(server, kind, stream, options, logger: log))
        using (var cache = VlmReplyCache.Open(cachePath, TimeProvider.System))
        {
            first = await AnnotationRunner.RunAsync(clips, [2], Provider(gateway, cache), 8, NullLogger.Instance, null, CancellationToken.None);
            firstRequests = server.Requests.Count;
        }

        // Then nothing throws, every row is ok or failed with its reason, and exactly clips 4 and 13 fail
        Assert.Equal(20, first.Rows.Count);
        Assert.All(first.Rows, r => Assert.True(
            (r.Status == "ok" && r.Error is null && r.Caption.Length > 0 && r.Objects.Count > 0)
            || (r.Status == "failed" && !string.IsNullOrEmpty(r.Error) && r.Caption.Length == 0)));
        Assert.True(
            first.Rows.Where(r => r.Status == "failed").Select(r => r.ClipId).SequenceEqual(["seg1_004", "seg1_013"]),
            string.Join("\n", first.Rows.Where(r => r.Status == "failed").Select(r => $"{r.ClipId}: {r.Error}").Concat(log.Lines)));
        Assert.StartsWith("objects: reply invalid after 3 attempts: violates the schema: $.objects[1]: repeats item 0", first.Rows[4].Error, StringComparison.Ordinal);
        Assert.StartsWith("caption: ", first.Rows[13].Error, StringComparison.Ordinal);
        Assert.Contains("503", first.Rows[13].Error, StringComparison.Ordinal);
        Assert.EndsWith("(gave up after 4 attempts)", first.Rows[13].Error, StringComparison.Ordinal);
        Assert.Equal((18, 2), (first.Ok, first.Failed));
        // (attempts are counted by the client: one that fails on a connection the server already closed
        // never reaches it, and the HTTP stack may resend once by itself on a dropped pooled connection)
        Assert.True(first.Requests >= 40 + faulted.Count, $"{first.Requests} attempts");
        Assert.True(firstRequests >= 40, $"{firstRequests} requests received");

        // When the run is repeated against a healthy server with the same cache
        using var rerunServer = new LoopbackVlmServer(LoopbackVlmServer.Healthy);
        using var rerunGateway = TestGateways.Create(rerunServer, kind, stream, options);
        using var rerunCache = VlmReplyCache.Open(cachePath, TimeProvider.System);
        var second = await AnnotationRunner.RunAsync(clips, [2], Provider(rerunGateway, rerunCache), 8, NullLogger.Instance, null, CancellationToken.None);

        // Then only the failed rows' unanswered prompts are asked (clip 4's objects; clip 13's caption
        // and objects) and every row is now ok
        var asked = rerunServer.Requests.Select(r => (new FaultScript(clips, 2).ClipOf(r), r.IsCaption)).Order().ToList();
        Assert.Equal([(4, false), (13, false), (13, true)], asked);
        Assert.Equal((20, 0, 3, 37), (second.Ok, second.Failed, second.Requests, second.CacheHits));
    }

    [Theory]
    [InlineData("ollama", false)]
    [InlineData("ollama", true)]
    [InlineData("openai", false)]
    public async Task Run_AgainstAServerFaulting30PercentAtRandom_NoRowFailsThatARetryWouldSave(string kind, bool stream)
    {
        // Given 40 clips (80 requests) and a server where every attempt faults with probability 0.3, each fault
        // drawn from every kind (500, 503, hang past the timeout, reset connection, non-JSON body, truncated
        // body or stream, schema-violating reply, non-JSON reply), at most three times per request so that a
        // retry always would succeed; the breaker at its defaults
        var clips = ClipFixtures.Make(40);
        var script = new FaultScript(clips, frame: 2);
        var random = new Random(22);
        for (var clip = 0; clip < clips.Count; clip++)
        {
            foreach (var caption in new[] { true, false })
            {
                var faults = new List<ServerAction>();
                var invalidReplies = 0;
                while (faults.Count < 3 && random.NextDouble() < 0.3)
                {
                    // (at most reply_attempts - 1 invalid replies, so the last re-ask can succeed)
                    var draw = random.Next(8);
                    draw = draw >= 6 && invalidReplies == 2 ? draw - 6 : draw;
                    invalidReplies += draw >= 6 ? 1 : 0;
                    faults.Add(draw switch
                    {
                        0 => new ServerAction.Status(500),
                        1 => new ServerAction.Status(503),
                        2 => stream ? new ServerAction.HangMidStream("{\"cap") : new ServerAction.Hang(),
                        3 => new ServerAction.Drop(),
                        4 => new ServerAction.MalformedBody(),
                        5 => new ServerAction.Truncated(caption ? """{"caption":"a dog"}""" : """{"objects":["dog"]}"""),
                        6 => new ServerAction.Reply("""{"objects":[]}"""),
                        _ => new ServerAction.Reply("The image shows a dog."),
                    });
                }

                if (faults.Count > 0)
                {
                    script.Plan[(clip, caption)] = [.. faults];
                }
            }
        }

        var defaults = new VlmResilienceOptions();
        var options = TestGateways.Fast with
        {
            AttemptTimeout = TimeSpan.FromSeconds(1),
            MinimumThroughput = defaults.MinimumThroughput,
            FailureRatio = defaults.FailureRatio,
            SamplingDuration = defaults.SamplingDuration,
            BreakDuration = TimeSpan.FromMilliseconds(500),
        };

        // When the clips are annotated
        using var server = new LoopbackVlmServer(script.Respond);
        using var gateway = TestGateways.Create(server, kind, stream, options);
        using var cache = VlmReplyCache.Open(temp.File("replies.sqlite"), TimeProvider.System);
        var result = await AnnotationRunner.RunAsync(clips, [2], Provider(gateway, cache), 8, NullLogger.Instance, null, CancellationToken.None);

        // Then every row is ok: faults were about 30 % of requests, and each request got the attempts it needed
        var faulted = script.Plan.Values.Sum(a => a.Length);
        Assert.True(faulted >= 20, $"only {faulted} faults were planned");
        Assert.Equal((40, 0), (result.Ok, result.Failed));
        Assert.True(server.Requests.Count >= 80 + faulted, $"{server.Requests.Count} requests for {faulted} faults");
    }

    [Fact]
    public async Task Run_WhenTheEndpointRefusesConnections_ThrowsOneLineNamingTheUrlAndTheCause()
    {
        // Given an endpoint whose port nobody listens on, default retry delays
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var url = $"http://127.0.0.1:{((System.Net.IPEndPoint)probe.LocalEndpoint).Port}/";
        probe.Stop();
        using var gateway = VlmGateway.Create(new VlmEndpointOptions { Url = url }, new VlmResilienceOptions(), NullLogger.Instance, TimeProvider.System);
        using var cache = VlmReplyCache.Open(temp.File("replies.sqlite"), TimeProvider.System);

        // When ten clips are annotated
        var error = await Assert.ThrowsAsync<VlmEndpointException>(() => AnnotationRunner.RunAsync(ClipFixtures.Make(10), [2], Provider(gateway, cache), 8, NullLogger.Instance, null, CancellationToken.None));

        // Then the run stops with the endpoint's cause instead of failing rows one by one
        Assert.StartsWith($"VLM endpoint {url} is unreachable: connection failed: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Run_WhenAllFramesRequested_WritesSixRowsPerClipInOrder()
    {
        // Given two clips and a healthy server
        using var server = new LoopbackVlmServer(LoopbackVlmServer.Healthy);
        using var gateway = TestGateways.Create(server);
        using var cache = VlmReplyCache.Open(temp.File("replies.sqlite"), TimeProvider.System);
        var progress = new List<double>();

        // When every frame is annotated
        var result = await AnnotationRunner.RunAsync(ClipFixtures.Make(2), [0, 1, 2, 3, 4, 5], Provider(gateway, cache), 4, NullLogger.Instance, new SyncProgress(progress), CancellationToken.None);

        // Then there are 12 rows in clip-then-frame order with the model and prompt hash, and progress reaches 1
        Assert.Equal(
            Enumerable.Range(0, 2).SelectMany(c => Enumerable.Range(0, 6).Select(f => ($"seg1_{c:000}", f))),
            result.Rows.Select(r => (r.ClipId, r.Frame)));
        Assert.All(result.Rows, r => Assert.Equal(("qwen2.5vl:7b", Provider(gateway, cache).PromptHash), (r.Model, r.PromptHash)));
        Assert.Equal(24, result.Requests);
        Assert.Equal(12, progress.Count);
        Assert.Equal(1.0, progress.Max());
    }

    private static VlmAnnotationProvider Provider(VlmGateway gateway, VlmReplyCache cache) =>
        new(gateway, TestPrompts.Caption, TestPrompts.Objects, new VlmGenerationOptions(), cache, NullLogger.Instance);

    private sealed class SyncProgress(List<double> values) : IProgress<double>
    {
        public void Report(double value)
        {
            lock (values)
            {
                values.Add(value);
            }
        }
    }
}
