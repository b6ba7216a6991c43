using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Neurons.Annotation.Vlm;
using OllamaSharp.Models.Exceptions;
using Polly.CircuitBreaker;
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
        await Assert.ThrowsAsync<OllamaException>(() => gateway.SendAsync(Request(), () => { }, CancellationToken.None));

        // Then it is sent once: a permanent error is not retried
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Send_WhenOpenAiAnswers404_DoesNotRetry()
    {
        // Given an OpenAI-compatible server that does not know the model
        using var server = new LoopbackVlmServer(_ => new ServerAction.Status(404));
        using var gateway = TestGateways.Create(server, "openai");

        // When one request is sent
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => gateway.SendAsync(Request(), () => { }, CancellationToken.None));

        // Then it is sent once, and the message carries the status and body
        Assert.Single(server.Requests);
        Assert.Contains("404", error.Message, StringComparison.Ordinal);
        Assert.Contains("injected status 404", error.Message, StringComparison.Ordinal);
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
    public async Task Send_WhenFailuresReachTheRatio_OpensCircuitAndStopsSending()
    {
        // Given a failing server, no retries, and a breaker that opens after 2 attempts at ratio 0.5
        using var server = new LoopbackVlmServer(_ => new ServerAction.Status(500));
        var options = TestGateways.Fast with { MaxRetries = 0, MinimumThroughput = 2, FailureRatio = 0.5, BreakDuration = TimeSpan.FromMinutes(1), CircuitWaits = 0 };
        using var gateway = TestGateways.Create(server, options: options);

        // When four requests are sent one after another, none waiting for the circuit
        await Assert.ThrowsAsync<HttpRequestException>(() => gateway.SendAsync(Request(), () => { }, CancellationToken.None));
        await Assert.ThrowsAsync<HttpRequestException>(() => gateway.SendAsync(Request(), () => { }, CancellationToken.None));
        var third = await Assert.ThrowsAsync<BrokenCircuitException>(() => gateway.SendAsync(Request(), () => { }, CancellationToken.None));
        await Assert.ThrowsAsync<BrokenCircuitException>(() => gateway.SendAsync(Request(), () => { }, CancellationToken.None));

        // Then only the first two reached the server, and the rejection describes the open circuit
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal("endpoint unavailable: the circuit stayed open after repeated failures", VlmGateway.Describe(third));
    }

    [Fact]
    public async Task Send_AfterBreakDuration_LetsATrialThroughAndClosesOnSuccess()
    {
        // Given a breaker opened by two failures, on a fake clock
        var clock = new FakeTimeProvider();
        var failing = true;
        using var server = new LoopbackVlmServer(r => Volatile.Read(ref failing) ? new ServerAction.Status(500) : LoopbackVlmServer.Healthy(r));
        var options = TestGateways.Fast with { MaxRetries = 0, MinimumThroughput = 2, FailureRatio = 0.5, BreakDuration = TimeSpan.FromSeconds(30), CircuitWaits = 0 };
        using var gateway = VlmGateway.Create(
            new VlmEndpointOptions { Url = server.Url },
            options,
            NullLogger.Instance,
            clock);
        await Assert.ThrowsAsync<HttpRequestException>(() => gateway.SendAsync(Request(), () => { }, CancellationToken.None));
        await Assert.ThrowsAsync<HttpRequestException>(() => gateway.SendAsync(Request(), () => { }, CancellationToken.None));
        await Assert.ThrowsAsync<BrokenCircuitException>(() => gateway.SendAsync(Request(), () => { }, CancellationToken.None));

        // When the server recovers and the break duration passes
        Volatile.Write(ref failing, false);
        clock.Advance(TimeSpan.FromSeconds(31));
        var trial = await gateway.SendAsync(Request(), () => { }, CancellationToken.None);
        var next = await gateway.SendAsync(Request(), () => { }, CancellationToken.None);

        // Then the trial request is sent and answered, and the circuit stays closed for the next one
        Assert.Contains("caption", trial.Content, StringComparison.Ordinal);
        Assert.Contains("caption", next.Content, StringComparison.Ordinal);
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task Send_WhenCircuitIsOpenAndTheServerRecovers_WaitsForHalfOpenAndSucceeds()
    {
        // Given a server that fails its first two requests, no retries, a breaker that opens after 2
        // failed attempts for 0.5 s (Polly's shortest), and calls allowed to wait for the circuit
        using var server = new LoopbackVlmServer(r => r.Sequence < 2 ? new ServerAction.Status(500) : LoopbackVlmServer.Healthy(r));
        var options = TestGateways.Fast with { MaxRetries = 0, MinimumThroughput = 2, FailureRatio = 0.5, BreakDuration = TimeSpan.FromMilliseconds(500), CircuitWaits = 2 };
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
