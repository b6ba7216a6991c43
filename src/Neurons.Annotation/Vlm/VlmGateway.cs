using Microsoft.Extensions.Logging;
using OllamaSharp.Models.Exceptions;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Neurons.Annotation.Vlm;

/// <summary>
/// The one way to a VLM endpoint, shared by every caller of that endpoint in the process: at most
/// <see cref="VlmResilienceOptions.MaxParallel"/> requests in flight, and a Polly pipeline
/// retry (exponential back-off with jitter) → circuit breaker → [wait for a slot] → timeout (per attempt).
/// A slot is held only while a request is in flight, never during back-off. A call that meets an open
/// circuit waits for it to half-open (at most <see cref="VlmResilienceOptions.CircuitWaits"/> times)
/// before it gives up with <see cref="BrokenCircuitException"/>.
/// </summary>
public sealed class VlmGateway : IDisposable
{
    private readonly SemaphoreSlim slots;
    private readonly ResiliencePipeline outer;
    private readonly ResiliencePipeline timeout;
    private readonly HttpClient? ownedHttp;
    private readonly TimeProvider time;

    internal VlmGateway(IVlmClient client, VlmResilienceOptions options, ILogger logger, TimeProvider time, HttpClient? ownedHttp = null)
    {
        Client = client;
        this.time = time;
        Options = options;
        this.ownedHttp = ownedHttp;
        slots = new SemaphoreSlim(options.MaxParallel, options.MaxParallel);
        var endpoint = client.Endpoint;
        var transient = new PredicateBuilder().Handle<Exception>(IsTransient);
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                OnRetry = args =>
                {
                    Log.VlmRequestRetrying(logger, endpoint, Describe(args.Outcome.Exception), args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        }

        outer = builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = transient,
                FailureRatio = options.FailureRatio,
                MinimumThroughput = options.MinimumThroughput,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
                OnOpened = args =>
                {
                    Log.VlmCircuitOpened(logger, endpoint, args.BreakDuration.TotalSeconds, Describe(args.Outcome.Exception));
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    Log.VlmCircuitClosed(logger, endpoint);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        timeout = new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(options.AttemptTimeout).Build();
    }

    /// <summary>Creates a gateway with its own HTTP client (infinite client timeout: the pipeline owns timeouts).</summary>
    /// <exception cref="ArgumentException">The kind is not <c>ollama</c> or <c>openai</c>, or the URL is not absolute http(s).</exception>
    public static VlmGateway Create(VlmEndpointOptions endpoint, VlmResilienceOptions options, ILogger logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(options);
        if (!Uri.TryCreate(endpoint.Url.EndsWith('/') ? endpoint.Url : endpoint.Url + "/", UriKind.Absolute, out var baseUri)
            || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"endpoint '{endpoint.Url}' is not an absolute http(s) URL", nameof(endpoint));
        }

        // No MaxConnectionsPerServer: the slots bound requests in flight, and an abandoned attempt's
        // connection must never hold up the next attempt.
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        var http = new HttpClient(handler) { BaseAddress = baseUri, Timeout = Timeout.InfiniteTimeSpan };
        IVlmClient client = endpoint.Kind switch
        {
            "ollama" => new OllamaVlmClient(http, endpoint.Model, endpoint.KeepAlive, endpoint.Stream),
            "openai" => new OpenAiVlmClient(http, endpoint.Model, endpoint.ApiKey),
            _ => throw new ArgumentException($"provider '{endpoint.Kind}' is not a VLM endpoint kind (ollama, openai)", nameof(endpoint)),
        };
        return new VlmGateway(client, options, logger, time, http);
    }

    /// <summary>Gets the provider kind (<c>ollama</c>, <c>openai</c>).</summary>
    public string Kind => Client.Kind;

    /// <summary>Gets the model.</summary>
    public string Model => Client.Model;

    /// <summary>Gets the endpoint URL.</summary>
    public string Endpoint => Client.Endpoint;

    /// <summary>Gets the options.</summary>
    public VlmResilienceOptions Options { get; }

    internal IVlmClient Client { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        slots.Dispose();
        ownedHttp?.Dispose();
    }

    /// <summary>
    /// Sends a request through the pipeline. Throws the last transport exception when retries are
    /// exhausted, <see cref="BrokenCircuitException"/> when the circuit is still open after
    /// <see cref="VlmResilienceOptions.CircuitWaits"/> waits for it, and
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="onAttempt">Called once per attempt actually sent (for request counts).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    internal async Task<VlmReply> SendAsync(VlmRequest request, Action onAttempt, CancellationToken cancellationToken)
    {
        for (var waits = 0; ; waits++)
        {
            try
            {
                return await SendOnceAsync(request, onAttempt, cancellationToken).ConfigureAwait(false);
            }
            catch (BrokenCircuitException e) when (waits < Options.CircuitWaits)
            {
                var pause = e.RetryAfter is { } after && after > TimeSpan.Zero ? after : Options.BreakDuration;
                await Task.Delay(pause + TimeSpan.FromMilliseconds(1), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<VlmReply> SendOnceAsync(VlmRequest request, Action onAttempt, CancellationToken cancellationToken) =>
        await outer.ExecuteAsync(
            async ct =>
            {
                await slots.WaitAsync(ct).ConfigureAwait(false);
                try
                {
                    onAttempt();
                    return await timeout.ExecuteAsync(
                        async inner => await Client.SendAsync(request, inner).ConfigureAwait(false),
                        ct).ConfigureAwait(false);
                }
                finally
                {
                    slots.Release();
                }
            },
            cancellationToken).ConfigureAwait(false);

    /// <summary>Whether an exception is a transport fault worth retrying (and counted by the circuit breaker).</summary>
    internal static bool IsTransient(Exception e) => e switch
    {
        TimeoutRejectedException => true,
        HttpRequestException h => h.StatusCode is null || (int)h.StatusCode is 408 or 429 or >= 500,
        VlmTransportException => true,
        ResponseError => true,
        IOException => true,
        _ => false,
    };

    /// <summary>One line describing a transport fault, for logs and failed rows.</summary>
    internal static string Describe(Exception? e) => e switch
    {
        null => "no exception",
        TimeoutRejectedException t => $"timed out after {t.Timeout.TotalSeconds:0.###} s",
        HttpRequestException { StatusCode: { } status } h => h.Message.Contains(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            ? h.Message
            : $"HTTP {(int)status}: {h.Message}",
        HttpRequestException h => $"connection failed: {h.Message}{(h.InnerException is null ? string.Empty : " (" + h.InnerException.Message + ")")}",
        BrokenCircuitException => "endpoint unavailable: the circuit stayed open after repeated failures",
        _ => e.Message.ReplaceLineEndings(" "),
    };
}
