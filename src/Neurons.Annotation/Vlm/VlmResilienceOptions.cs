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

    /// <summary>Gets the fraction of failed attempts in <see cref="SamplingDuration"/> that opens the circuit.</summary>
    /// <value>0.5.</value>
    public double FailureRatio { get; init; } = 0.5;

    /// <summary>Gets the least attempts in <see cref="SamplingDuration"/> before the circuit may open.</summary>
    /// <value>8.</value>
    public int MinimumThroughput { get; init; } = 8;

    /// <summary>Gets the window over which the failure ratio is measured.</summary>
    /// <value>60 s.</value>
    public TimeSpan SamplingDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets how long an open circuit rejects calls before one trial call is let through.</summary>
    /// <value>30 s.</value>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets how many times a call that meets an open circuit waits for it to half-open and tries again
    /// before its row fails: a server that restarts pauses the run instead of failing every queued row,
    /// while a dead server still fails them after about this many break durations.
    /// </summary>
    /// <value>2.</value>
    public int CircuitWaits { get; init; } = 2;

    /// <summary>Gets the most requests in flight to the endpoint at once; set it to the server's parallelism (<c>OLLAMA_NUM_PARALLEL</c>, vLLM's batch).</summary>
    /// <value>4.</value>
    public int MaxParallel { get; init; } = 4;

    /// <summary>Gets how many times a request is sent when its reply does not parse or violates the schema (the seed changes per attempt).</summary>
    /// <value>3.</value>
    public int ReplyAttempts { get; init; } = 3;
}
