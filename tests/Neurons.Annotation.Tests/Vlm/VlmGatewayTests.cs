using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Neurons.Annotation.Vlm;
using Polly.Timeout;

namespace Neurons.Annotation.Tests.Vlm;

public sealed class VlmGatewayTests
{
    private static readonly VlmResilienceOptions ShortTimeout = TestGateways.Fast with { AttemptTimeout = TimeSpan.FromSeconds(1) };

    [Theory]
    [InlineData("ollama", 500)]
    [InlineData("ollama", 503)]
    [InlineData("openai", 500)]
    [InlineData("openai", 429)]
    public async Task Send_WhenServerFailsTwiceWithTransientStatus_RetriesAndSucceeds(string kind, int status)
    {
        // Given a server that answers the first two requests with a transient status
        using var server = new LoopbackVlmServer(r => r.Sequence < 2 ? new ServerAction.Status(status) : LoopbackVlmServer.Healthy(r));
        using var gateway = TestGateways.Create(server, kind);
        var attempts = 0;

        // When one request is sent
        var reply = await gateway.SendAsync(Request(), () => attempts++, CancellationToken.None);

        // Then it succeeds on the third attempt
        Assert.Equal("""{"caption":"a dog running on a road"}""", reply.Content);
        Assert.Equal(3, attempts);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Send_WhenServerAlways503_GivesUpAfterRetriesWithTheStatus()
    {
        // Given a server that always answers 503 and three retries allowed
        using var server = new LoopbackVlmServer(_ => new ServerAction.Status(503));
        using var gateway = TestGateways.Create(server);

        // When one request is sent
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => gateway.SendAsync(Request(), () => { }, CancellationToken.None));

        // Then the 503 escapes after 1 + 3 attempts
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task Send_WhenOllamaAnswers400_DoesNotRetry()
    {
        // Given an Ollama that rejects the request (400: e.g. an unknown option)
        using var server = new LoopbackVlmServer(_ => new ServerAction.Status(400));
        using var gateway = TestGateways.Create(server);

        // When one request is sent
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => gateway.SendAsync(Request(), () => { }, CancellationToken.None));

        // Then it is sent once: a permanent error is not retried, and the status and body are kept
        Assert.Single(server.Requests);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("injected status 400", error.Message, StringComparison.Ordinal);
    }
    [Theory]
    [InlineData("ollama")]
    [InlineData("openai")]
    public async Task Send_WhenServerAnswers404ForTheModel_DeclaresTheEndpointDeadWithoutRetrying(string kind)
    {
        // Given a server that does not know the model (404)
        using var server = new LoopbackVlmServer(_ => new ServerAction.Status(404));
        using var gateway = TestGateways.Create(server, kind);

        // When two requests are sent one after the other
        var first = await Assert.ThrowsAsync<VlmEndpointException>(() => gateway.SendAsync(Request(), () => { }, CancellationToken.None));
        var attempts = 0;
        var second = await Assert.ThrowsAsync<VlmEndpointException>(() => gateway.SendAsync(Request(), () => attempts++, CancellationToken.None));

        // Then the first was sent once (a wrong model is permanent), the second not at all, and both say
        // in one line which URL does not serve which model
        Assert.Single(server.Requests);
        Assert.Equal(0, attempts);
        Assert.StartsWith($"VLM endpoint {server.Url} does not serve model '{gateway.Model}'", first.Message, StringComparison.Ordinal);
        Assert.Contains("injected status 404", first.Message, StringComparison.Ordinal);
        Assert.Equal(first.Message, second.Message);
        Assert.DoesNotContain('\n', first.Message);
    }

    [Fact]
    public async Task Send_WhenTheEndpointRefusesConnections_DeclaresItDeadNamingUrlAndCause()
    {
        // Given an endpoint whose port nobody listens on
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var url = $"http://127.0.0.1:{((System.Net.IPEndPoint)probe.LocalEndpoint).Port}/";
        probe.Stop();
        using var gateway = VlmGateway.Create(new VlmEndpointOptions { Url = url }, TestGateways.Fast, NullLogger.Instance, TimeProvider.System);
        var attempts = 0;

        // When a request is sent, then another
        var first = await Assert.ThrowsAsync<VlmEndpointException>(() => gateway.SendAsync(Request(), () => attempts++, CancellationToken.None));
        var second = await Assert.ThrowsAsync<VlmEndpointException>(() => gateway.SendAsync(Request(), () => attempts++, CancellationToken.None));

        // Then the first gave up after its own 1 + 3 attempts, the second did not try, and the line names URL and cause
        Assert.Equal(4, attempts);
        Assert.StartsWith($"VLM endpoint {url} is unreachable: connection failed: ", first.Message, StringComparison.Ordinal);
        Assert.Contains("refused", first.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(first.Message, second.Message);
    }
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Send_WhenServerHangs_TimesOutAndRetries(bool stream)
    {
        // Given a server that never answers the first request
        using var server = new LoopbackVlmServer(r => r.Sequence == 0 ? new ServerAction.Hang() : LoopbackVlmServer.Healthy(r));
        using var gateway = TestGateways.Create(server, stream: stream, options: ShortTimeout);

        // When one request is sent with a 1 s attempt timeout
        var reply = await gateway.SendAsync(Request(), () => { }, CancellationToken.None);

        // Then the first attempt is abandoned and the second answers
        Assert.Contains("caption", reply.Content, StringComparison.Ordinal);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Send_WhenStreamStopsMidway_AbortsTheReadAtTheTimeoutAndRetries()
    {
        // Given an Ollama that sends one NDJSON piece and then nothing on the first request
        using var server = new LoopbackVlmServer(r => r.Sequence == 0 ? new ServerAction.HangMidStream("{\"cap") : LoopbackVlmServer.Healthy(r));
        using var gateway = TestGateways.Create(server, stream: true, options: ShortTimeout);

        // When one streamed request is sent
        var reply = await gateway.SendAsync(Request(), () => { }, CancellationToken.None);

        // Then the stalled body read is cut by the timeout and the retry answers in full
        Assert.Equal("""{"caption":"a dog running on a road"}""", reply.Content);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Send_WhenAllAttemptsHang_ThrowsTimeoutRejected()
    {
        // Given a server that never answers and one retry
        using var server = new LoopbackVlmServer(_ => new ServerAction.Hang());
        using var gateway = TestGateways.Create(server, options: ShortTimeout with { MaxRetries = 1 });

        // When one request is sent
        // Then the timeout escapes after two attempts
        await Assert.ThrowsAsync<TimeoutRejectedException>(() => gateway.SendAsync(Request(), () => { }, CancellationToken.None));
        Assert.Equal(2, server.Requests.Count);
    }

    [Theory]
    [InlineData("ollama", false)]
    [InlineData("ollama", true)]
    [InlineData("openai", false)]
    public async Task Send_WhenConnectionDropped_Retries(string kind, bool stream)
    {
        // Given a server that drops the first connection without answering
        using var server = new LoopbackVlmServer(r => r.Sequence == 0 ? new ServerAction.Drop() : LoopbackVlmServer.Healthy(r));
        using var gateway = TestGateways.Create(server, kind, stream);

        // When one request is sent
        var reply = await gateway.SendAsync(Request(), () => { }, CancellationToken.None);

        // Then the retry answers
        Assert.Contains("caption", reply.Content, StringComparison.Ordinal);
        Assert.Equal(2, server.Requests.Count);
    }

    [Theory]
    [InlineData("ollama", false)]
    [InlineData("ollama", true)]
    [InlineData("openai", false)]
    public async Task Send_WhenBodyIsNotJson_RetriesAsTransportFault(string kind, bool stream)
    {
        // Given a server whose first answer is an HTML page with status 200
        using var server = new LoopbackVlmServer(r => r.Sequence == 0 ? new ServerAction.MalformedBody() : LoopbackVlmServer.Healthy(r));
        using var gateway = TestGateways.Create(server, kind, stream);

        // When one request is sent
        var reply = await gateway.SendAsync(Request(), () => { }, CancellationToken.None);

        // Then the malformed body counts as a transport fault and the retry answers
        Assert.Contains("caption", reply.Content, StringComparison.Ordinal);
        Assert.Equal(2, server.Requests.Count);
    }

    [Theory]
    [InlineData("ollama", false)]
    [InlineData("ollama", true)]
    [InlineData("openai", false)]
    public async Task Send_WhenBodyIsTruncated_RetriesAsTransportFault(string kind, bool stream)
    {
        // Given a server whose first answer stops early (a stream without done:true, or half an object)
        using var server = new LoopbackVlmServer(r => r.Sequence == 0 ? new ServerAction.Truncated(LoopbackVlmServer.CorrectReply(r)) : LoopbackVlmServer.Healthy(r));
        using var gateway = TestGateways.Create(server, kind, stream);

        // When one request is sent
        var reply = await gateway.SendAsync(Request(), () => { }, CancellationToken.None);

        // Then the partial answer is not taken for a reply; the retry answers in full
        Assert.Equal("""{"caption":"a dog running on a road"}""", reply.Content);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Send_WhenStreamTruncatedEveryTime_ThrowsTransportException()
    {
        // Given an Ollama whose streams always end before done:true, and no retries
        using var server = new LoopbackVlmServer(r => new ServerAction.Truncated(LoopbackVlmServer.CorrectReply(r)));
        using var gateway = TestGateways.Create(server, stream: true, options: TestGateways.Fast with { MaxRetries = 0 });

        // When one request is sent
        var error = await Assert.ThrowsAsync<VlmTransportException>(() => gateway.SendAsync(Request(), () => { }, CancellationToken.None));

        // Then the fault says the body was truncated
        Assert.Contains("truncated response", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_WhenFailuresReachTheRatio_OpensTheCircuitAndHoldsTheNextCallUntilATrialSucceeds()
    {
        // Given a failing server, no retries, and a breaker that opens after 2 attempts at ratio 0.5 for 30 s, on a fake clock
        var clock = new FakeTimeProvider();
        var failing = true;
        using var server = new LoopbackVlmServer(r => Volatile.Read(ref failing) ? new ServerAction.Status(500) : LoopbackVlmServer.Healthy(r));
        var options = TestGateways.Fast with { MaxRetries = 0, MinimumThroughput = 2, FailureRatio = 0.5, BreakDuration = TimeSpan.FromSeconds(30) };
        using var gateway = VlmGateway.Create(new VlmEndpointOptions { Url = server.Url }, options, NullLogger.Instance, clock);
        await Assert.ThrowsAsync<HttpRequestException>(() => gateway.SendAsync(Request(), () => { }, CancellationToken.None));
        await Assert.ThrowsAsync<HttpRequestException>(() => gateway.SendAsync(Request(), () => { }, CancellationToken.None));

        // When a third call meets the open circuit
        var third = gateway.SendAsync(Request(), () => { }, CancellationToken.None);
        await Task.Delay(200);

        // Then it neither fails nor reaches the server while the circuit is open
        Assert.False(third.IsCompleted);
        Assert.Equal(2, server.Requests.Count);

        // When the server recovers and the break duration passes
        Volatile.Write(ref failing, false);
        clock.Advance(TimeSpan.FromSeconds(31));

        // Then the held call is the trial, is answered, and the circuit stays closed for the next one
        Assert.Contains("caption", (await third).Content, StringComparison.Ordinal);
        Assert.Contains("caption", (await gateway.SendAsync(Request(), () => { }, CancellationToken.None)).Content, StringComparison.Ordinal);
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task Send_WhenEveryTrialFails_DeclaresTheEndpointUnavailableAfterMaxFailedTrials()
    {
        // Given a server that always answers 500, no retries, a breaker that opens after 2 attempts for 0.5 s, and 2 trials allowed
        using var server = new LoopbackVlmServer(_ => new ServerAction.Status(500));
        var options = TestGateways.Fast with { MaxRetries = 0, MinimumThroughput = 2, FailureRatio = 0.5, BreakDuration = TimeSpan.FromMilliseconds(500), MaxFailedTrials = 2 };
        using var gateway = TestGateways.Create(server, options: options);

        // When five calls are made one after another
        var errors = new List<Exception>();
        for (var i = 0; i < 5; i++)
        {
            errors.Add(await Assert.ThrowsAnyAsync<Exception>(() => gateway.SendAsync(Request(), () => { }, CancellationToken.None)));
        }

        // Then the first two fail on their own attempt, the next two are the trials (each fails on its own attempt),
        // and the fifth is refused without a request: the endpoint is unavailable
        Assert.All(errors.Take(4), e => Assert.IsType<HttpRequestException>(e));
        var dead = Assert.IsType<VlmEndpointException>(errors[4]);
        Assert.StartsWith($"VLM endpoint {server.Url} is unavailable: 2 trial requests in a row failed after the circuit opened (last: ", dead.Message, StringComparison.Ordinal);
        Assert.Equal(4, server.Requests.Count);
    }
    [Fact]
    public async Task Send_WhenCircuitIsOpenAndTheServerRecovers_WaitsForHalfOpenAndSucceeds()
    {
        // Given a server that fails its first two requests, no retries, a breaker that opens after 2
        // failed attempts for 0.5 s (Polly's shortest), and calls allowed to wait for the circuit
        using var server = new LoopbackVlmServer(r => r.Sequence < 2 ? new ServerAction.Status(500) : LoopbackVlmServer.Healthy(r));
        var options = TestGateways.Fast with { MaxRetries = 0, MinimumThroughput = 2, FailureRatio = 0.5, BreakDuration = TimeSpan.FromMilliseconds(500) };
        using var gateway = TestGateways.Create(server, options: options);
        await Assert.ThrowsAsync<HttpRequestException>(() => gateway.SendAsync(Request(), () => { }, CancellationToken.None));
        await Assert.ThrowsAsync<HttpRequestException>(() => gateway.SendAsync(Request(), () => { }, CancellationToken.None));

        // When a third request meets the open circuit
        var reply = await gateway.SendAsync(Request(), () => { }, CancellationToken.None);

        // Then it waits for the half-open trial instead of failing, and is answered by it
        Assert.Contains("caption", reply.Content, StringComparison.Ordinal);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Send_ManyAtOnce_NeverHasMoreThanMaxParallelInFlight()
    {
        // Given a server with 50 ms latency and a gateway allowing 2 requests in flight
        using var server = new LoopbackVlmServer(r => new ServerAction.Reply(LoopbackVlmServer.CorrectReply(r), DelayMs: 50));
        using var gateway = TestGateways.Create(server, options: TestGateways.Fast with { MaxParallel = 2 });

        // When 12 requests are started together
        var replies = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => gateway.SendAsync(Request(), () => { }, CancellationToken.None)));

        // Then all are answered and the server never saw more than 2 at once
        Assert.Equal(12, replies.Length);
        Assert.Equal(12, server.Requests.Count);
        Assert.InRange(server.MaxInFlight, 1, 2);
    }

    [Fact]
    public async Task Send_WhenCallerCancels_ThrowsOperationCanceled()
    {
        // Given a server that never answers
        using var server = new LoopbackVlmServer(_ => new ServerAction.Hang());
        using var gateway = TestGateways.Create(server);
        using var cancel = new CancellationTokenSource();

        // When the caller cancels while the request is in flight
        var pending = gateway.SendAsync(Request(), cancel.Cancel, cancel.Token);

        // Then the call ends as cancelled, not as a fault
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    private static VlmRequest Request()
    {
        var clip = ClipFixtures.Make(1)[0];
        return new VlmRequest(TestPrompts.Caption, EncodedImage.FromRgb(ClipFixtures.Frame(clip, 2), clip.Width, clip.Height), new VlmGenerationOptions());
    }
}
