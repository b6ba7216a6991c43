using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Neurons.Annotation.Vlm;

/// <summary>
/// The one way to a VLM endpoint, shared by every caller of that endpoint in the process: at most
/// <see cref="VlmResilienceOptions.MaxParallel"/> requests in flight, and a Polly pipeline
/// retry (exponential back-off with jitter) → circuit breaker → [wait for a slot] → timeout (per attempt).
/// The request (messages and options for the backend's Microsoft.Extensions.AI <c>IChatClient</c>) is built before a slot is taken and a slot is held only while a request is in flight (never
/// during back-off or while waiting for the circuit), so the server's slots stay busy.
/// Faults are handled in proportion: a transient fault is retried by its own row; an attempt that meets an
/// open circuit waits for the circuit's trial and then goes on, without spending a retry; and an endpoint that
/// cannot serve the run at all (connection refused or name unresolved for
/// <see cref="VlmResilienceOptions.DeadEndpointAfter"/>, 404 unknown model, 401/403, or
/// <see cref="VlmResilienceOptions.MaxFailedTrials"/> failed trials in a row) is declared dead once: every call,
/// waiting or new, then throws the same <see cref="VlmEndpointException"/>, so the stage fails in seconds.
/// </summary>
public sealed class VlmGateway : IDisposable
{
    private readonly SemaphoreSlim slots;
    private readonly ResiliencePipeline retry;
    private readonly ResiliencePipeline breaker;
    private readonly ResiliencePipeline timeout;
    private readonly CircuitBreakerStateProvider circuit = new();
    private readonly HttpClient? ownedHttp;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private Task? reachable;
    private TaskCompletionSource circuitChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private VlmEndpointException? dead;
    private long? refusingSince;
    private bool trialRunning;
    private int failedTrials;

    internal VlmGateway(IVlmClient client, VlmResilienceOptions options, ILogger logger, TimeProvider time, HttpClient? ownedHttp = null)
    {
        Client = client;
        this.time = time;
        Options = options;
        this.ownedHttp = ownedHttp;
        this.logger = logger;
        slots = new SemaphoreSlim(options.MaxParallel, options.MaxParallel);
        var endpoint = client.Endpoint;
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,

                // A refused connection is retried at the base delay, without growth: the endpoint is either back
                // within DeadEndpointAfter or declared dead, in seconds rather than after the full back-off.
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Outcome.Exception is { } e && IsConnectionFailure(e) ? options.RetryBaseDelay : null),
                OnRetry = args =>
                {
                    Log.VlmRequestRetrying(logger, endpoint, Describe(args.Outcome.Exception), args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        }

        retry = builder.Build();
        breaker = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => IsTransient(e) && !IsConnectionFailure(e)),
                FailureRatio = options.FailureRatio,
                MinimumThroughput = options.MinimumThroughput,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
                StateProvider = circuit,
                OnOpened = args =>
                {
                    Log.VlmCircuitOpened(logger, endpoint, args.BreakDuration.TotalSeconds, Describe(args.Outcome.Exception));
                    OnCircuitOpened(args.Outcome.Exception);
                    return ValueTask.CompletedTask;
                },
                OnHalfOpened = _ =>
                {
                    lock (gate)
                    {
                        trialRunning = true;
                    }

                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    Log.VlmCircuitClosed(logger, endpoint);
                    lock (gate)
                    {
                        trialRunning = false;
                        failedTrials = 0;
                    }

                    SignalCircuitChange();
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
        Client.Dispose();
        ownedHttp?.Dispose();
    }

    /// <summary>
    /// Sends a request through the pipeline. Throws the last transport exception when the row's retries are
    /// exhausted, <see cref="VlmEndpointException"/> when the endpoint is dead (see the class summary), and
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="onAttempt">Called once per attempt actually sent (for request counts).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    internal async Task<VlmReply> SendAsync(VlmRequest request, Action onAttempt, CancellationToken cancellationToken)
    {
        ThrowIfDead();
        var call = Client.Prepare(request);
        try
        {
            return await retry.ExecuteAsync(
                async ct => await AttemptAsync(call, onAttempt, ct).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (IsConnectionFailure(e) && !cancellationToken.IsCancellationRequested)
        {
            // Every attempt of this row failed to connect: the endpoint is not there.
            throw Declare(DeadBecauseUnreachable(e));
        }
    }

    /// <summary>
    /// Checks once per gateway, before any work, that the endpoint accepts TCP connections: refused (or an
    /// unresolvable name) for <see cref="VlmResilienceOptions.DeadEndpointAfter"/>, probed every 0.5 s, declares it
    /// dead and throws <see cref="VlmEndpointException"/>. A connect that merely hangs, or a proxy in the
    /// environment, is left to the requests' own timeouts.
    /// </summary>
    public Task EnsureReachableAsync(CancellationToken cancellationToken)
    {
        ThrowIfDead();
        lock (gate)
        {
            reachable ??= ProbeAsync();
        }

        return reachable.WaitAsync(cancellationToken);
    }

    private async Task ProbeAsync()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("http_proxy") ?? Environment.GetEnvironmentVariable("HTTP_PROXY") ?? Environment.GetEnvironmentVariable("https_proxy") ?? Environment.GetEnvironmentVariable("HTTPS_PROXY")))
        {
            return;
        }

        var uri = new Uri(Endpoint);
        var started = time.GetTimestamp();
        while (true)
        {
            try
            {
                using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await socket.ConnectAsync(uri.Host, uri.Port, limit.Token).ConfigureAwait(false);
                return;
            }
            catch (System.Net.Sockets.SocketException e) when (e.SocketErrorCode is System.Net.Sockets.SocketError.ConnectionRefused or System.Net.Sockets.SocketError.HostNotFound or System.Net.Sockets.SocketError.TryAgain or System.Net.Sockets.SocketError.NoData or System.Net.Sockets.SocketError.HostUnreachable or System.Net.Sockets.SocketError.NetworkUnreachable)
            {
                if (time.GetElapsedTime(started) >= Options.DeadEndpointAfter)
                {
                    throw Declare(new VlmEndpointException($"VLM endpoint {Endpoint} is unreachable: connection failed: {e.Message} ({uri.Host}:{uri.Port}); start the server or fix stages.annotate.endpoint", e));
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), time).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One attempt: through the circuit (waiting out an open one without spending a retry), a slot and the timeout.</summary>
    private async ValueTask<VlmReply> AttemptAsync(VlmChatCall call, Action onAttempt, CancellationToken cancellationToken)
    {
        while (true)
        {
            ThrowIfDead();
            Task changed;
            lock (gate)
            {
                changed = circuitChanged.Task;
            }

            try
            {
                return await breaker.ExecuteAsync(
                    async ct => await InFlightAsync(call, onAttempt, ct).ConfigureAwait(false),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (BrokenCircuitException e)
            {
                // Open: wait until the break is over (then one caller becomes the trial) or the state changes;
                // half-open: wait for the trial's outcome.
                var pause = e.RetryAfter is { } after && after > TimeSpan.Zero ? after + TimeSpan.FromMilliseconds(1) : Options.BreakDuration;
                using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var delay = Task.Delay(pause, time, wake.Token);
                await Task.WhenAny(changed, delay).ConfigureAwait(false);
                await wake.CancelAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    private async ValueTask<VlmReply> InFlightAsync(VlmChatCall call, Action onAttempt, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfDead();
            onAttempt();
            var reply = await timeout.ExecuteAsync(
                async inner => await Client.SendAsync(call, inner).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
            Answered();
            return reply;
        }
        catch (HttpRequestException e) when (e.StatusCode is { } status)
        {
            Answered();
            if ((int)status is 404 or 401 or 403)
            {
                throw Declare(new VlmEndpointException(
                    (int)status == 404
                        ? $"VLM endpoint {Endpoint} does not serve model '{Model}' ({Describe(e)}); pull the model or fix stages.annotate.model / endpoint"
                        : $"VLM endpoint {Endpoint} rejected the credentials ({Describe(e)}); check the API key (stages.annotate.api_key_env)",
                    e));
            }

            throw;
        }
        catch (HttpRequestException e) when (IsConnectionFailure(e) && !cancellationToken.IsCancellationRequested)
        {
            var now = time.GetTimestamp();
            long since;
            lock (gate)
            {
                refusingSince ??= now;
                since = refusingSince.Value;
            }

            if (time.GetElapsedTime(since, now) >= Options.DeadEndpointAfter)
            {
                throw Declare(DeadBecauseUnreachable(e));
            }

            throw;
        }
        finally
        {
            slots.Release();
        }
    }

    private VlmEndpointException DeadBecauseUnreachable(HttpRequestException e) => new(
        $"VLM endpoint {Endpoint} is unreachable: {Describe(e)}; start the server or fix stages.annotate.endpoint",
        e);

    private void Answered()
    {
        lock (gate)
        {
            refusingSince = null;
        }
    }

    private void ThrowIfDead()
    {
        var known = Volatile.Read(ref dead);
        if (known is not null)
        {
            throw new VlmEndpointException(known.Message, known);
        }
    }

    /// <summary>Declares the endpoint dead (the first cause wins) and wakes every caller waiting for the circuit.</summary>
    private VlmEndpointException Declare(VlmEndpointException cause)
    {
        var first = Interlocked.CompareExchange(ref dead, cause, null) ?? cause;
        if (ReferenceEquals(first, cause))
        {
            Log.VlmEndpointDead(logger, Endpoint, cause.Message);
        }

        SignalCircuitChange();
        return first;
    }

    private void OnCircuitOpened(Exception? last)
    {
        bool give;
        int trials;
        lock (gate)
        {
            if (trialRunning)
            {
                failedTrials++;
            }

            trialRunning = false;
            trials = failedTrials;
            give = failedTrials >= Options.MaxFailedTrials;
        }

        if (give)
        {
            Declare(new VlmEndpointException(
                $"VLM endpoint {Endpoint} is unavailable: {trials} trial requests in a row failed after the circuit opened (last: {Describe(last)})",
                last ?? new InvalidOperationException("circuit open")));
        }

        SignalCircuitChange();
    }

    private void SignalCircuitChange()
    {
        TaskCompletionSource previous;
        lock (gate)
        {
            previous = circuitChanged;
            circuitChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }

    /// <summary>Whether an exception means the endpoint could not be reached at all (refused, unresolved name, unreachable host).</summary>
    internal static bool IsConnectionFailure(Exception e) =>
        e is HttpRequestException { StatusCode: null } h
        && (h.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            || h.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused or System.Net.Sockets.SocketError.HostNotFound or System.Net.Sockets.SocketError.HostUnreachable or System.Net.Sockets.SocketError.NetworkUnreachable });

    /// <summary>Whether an exception is a transport fault worth retrying (and counted by the circuit breaker).</summary>
    internal static bool IsTransient(Exception e) => e switch
    {
        VlmEndpointException => false,
        TimeoutRejectedException => true,
        HttpRequestException h => h.StatusCode is null || (int)h.StatusCode is 408 or 429 or >= 500,
        VlmTransportException => true,
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
        VlmEndpointException d => d.Message,
        _ => e.Message.ReplaceLineEndings(" "),
    };
}
