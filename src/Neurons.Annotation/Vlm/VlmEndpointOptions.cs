namespace Neurons.Annotation.Vlm;

/// <summary>Where a VLM is served and how to talk to it.</summary>
public sealed record VlmEndpointOptions
{
    /// <summary>Gets the provider kind: <c>ollama</c> (<c>/api/chat</c>) or <c>openai</c> (<c>/v1/chat/completions</c>).</summary>
    /// <value><c>ollama</c>.</value>
    public string Kind { get; init; } = "ollama";

    /// <summary>Gets the server root URL (for <c>openai</c> the root or its <c>/v1</c> path).</summary>
    /// <value><c>http://127.0.0.1:11434</c>, Ollama's default.</value>
    public string Url { get; init; } = "http://127.0.0.1:11434";

    /// <summary>Gets the model tag or served model name.</summary>
    /// <value><c>qwen2.5vl:7b</c>.</value>
    public string Model { get; init; } = "qwen2.5vl:7b";

    /// <summary>Gets Ollama's <c>keep_alive</c> (how long the model stays loaded after a request).</summary>
    /// <value><c>5m</c>, Ollama's default.</value>
    public string KeepAlive { get; init; } = "5m";

    /// <summary>Gets a value indicating whether Ollama streams the reply as NDJSON.</summary>
    /// <value>False.</value>
    public bool Stream { get; init; }

    /// <summary>Gets the bearer token for <c>openai</c> servers that need one.</summary>
    /// <value>Null.</value>
    public string? ApiKey { get; init; }
}
