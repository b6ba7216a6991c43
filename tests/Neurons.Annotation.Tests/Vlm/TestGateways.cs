using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Neurons.Annotation.Vlm;

namespace Neurons.Annotation.Tests.Vlm;

/// <summary>Gateways to a loopback server with settings that keep tests fast.</summary>
public static class TestGateways
{
    public static VlmResilienceOptions Fast { get; } = new()
    {
        AttemptTimeout = TimeSpan.FromSeconds(10),
        MaxRetries = 3,
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        RetryMaxDelay = TimeSpan.FromMilliseconds(5),
        MinimumThroughput = 1000,
        MaxParallel = 4,
        ReplyAttempts = 3,
    };

    public static VlmGateway Create(LoopbackVlmServer server, string kind = "ollama", bool stream = false, VlmResilienceOptions? options = null, string? apiKey = null, ILogger? logger = null) =>
        VlmGateway.Create(
            new VlmEndpointOptions { Kind = kind, Url = server.Url, Model = kind == "ollama" ? "qwen2.5vl:7b" : "Qwen/Qwen2.5-VL-72B-Instruct", Stream = stream, KeepAlive = "10m", ApiKey = apiKey },
            options ?? Fast,
            logger ?? NullLogger.Instance,
            TimeProvider.System);
}
