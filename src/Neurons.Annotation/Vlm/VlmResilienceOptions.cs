namespace Neurons.Annotation.Vlm;

/// <summary>How calls to one VLM endpoint are bounded, retried and broken.</summary>
public sealed record VlmResilienceOptions
{
    /// <summary>Gets the time one attempt may take (sending, generation, reading the reply).</summary>
    /// <value>120 s: a 72B model on a busy server can take tens of seconds per image.</value>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Gets how many times a transport fault (timeout, 408/429/5xx, dropped connection, malformed or truncated body) is retried.</summary>
    /// <value>3.</value>
    public int MaxRetries { get; init; } = 3;

    /// <summary>Gets the first retry delay; later ones grow exponentially, with jitter.</summary>
    /// <value>1 s.</value>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the longest retry delay.</summary>
    /// <value>30 s.</value>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets the share of failed attempts (server errors, timeouts, malformed bodies; not connection failures,
    /// which <see cref="DeadEndpointAfter"/> handles) among the recent ones (<see cref="SamplingDuration"/>) that
    /// opens the circuit. A flaky but working server stays well below it; a broken one is left alone for
    /// <see cref="BreakDuration"/> instead of being hammered.
    /// </summary>
    /// <value>0.8.</value>
    public double FailureRatio { get; init; } = 0.8;

    /// <summary>Gets the least attempts in <see cref="SamplingDuration"/> before the circuit may open.</summary>
    /// <value>20.</value>
    public int MinimumThroughput { get; init; } = 20;

    /// <summary>Gets the window of recent attempts over which the failure share is measured.</summary>
    /// <value>30 s.</value>
    public TimeSpan SamplingDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets how long an open circuit holds calls back before one trial attempt goes through. Calls that meet
    /// an open circuit wait (their own retries untouched) for the trial's outcome: a success closes the circuit
    /// and they all go on; a failure opens it again.
    /// </summary>
    /// <value>10 s.</value>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets how many trials in a row may fail before the endpoint is declared unavailable and the stage fails
    /// (one line naming the URL and the last fault); rows are never failed for an open circuit.
    /// </summary>
    /// <value>6 (about a minute of outage with the default break).</value>
    public int MaxFailedTrials { get; init; } = 6;

    /// <summary>
    /// Gets how long the endpoint may refuse connections (or its name fail to resolve) without a single answer
    /// before it is declared dead and the stage fails; a row whose every attempt could not connect declares it
    /// dead at once. Connection failures are retried at <see cref="RetryBaseDelay"/> without growth. A 404 (unknown model or path) or 401/403 declares it dead at the first answer.
    /// </summary>
    /// <value>3 s: long enough for a server restart to bind its port, short enough to fail a mistyped URL in seconds.</value>
    public TimeSpan DeadEndpointAfter { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Gets the most requests in flight to the endpoint at once; set it to the server's parallelism (<c>OLLAMA_NUM_PARALLEL</c>, vLLM's batch).</summary>
    /// <value>4.</value>
    public int MaxParallel { get; init; } = 4;

    /// <summary>Gets how many times a request is sent when its reply does not parse or violates the schema (the seed changes per attempt).</summary>
    /// <value>3.</value>
    public int ReplyAttempts { get; init; } = 3;
}
