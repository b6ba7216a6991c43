namespace Neurons.Annotation.Vlm;

/// <summary>
/// One VLM transport (Ollama <c>/api/chat</c>, OpenAI-compatible <c>/v1/chat/completions</c>): sends one
/// request and returns the raw reply. Throws <see cref="VlmTransportException"/>,
/// <see cref="HttpRequestException"/> or <see cref="IOException"/> on transport faults; retrying,
/// timeouts and validation are the caller's.
/// </summary>
internal interface IVlmClient
{
    /// <summary>Gets the provider kind (<c>ollama</c> or <c>openai</c>); part of the cache key.</summary>
    string Kind { get; }

    /// <summary>Gets the model name or tag (e.g. <c>qwen2.5vl:7b</c>); part of the cache key.</summary>
    string Model { get; }

    /// <summary>Gets the base URL, for messages.</summary>
    string Endpoint { get; }

    /// <summary>Builds the request body (done before a slot is taken, so a slot is held only while the server works).</summary>
    byte[] BuildBody(VlmRequest request);

    /// <summary>Sends one request body and returns the reply.</summary>
    Task<VlmReply> SendAsync(byte[] body, CancellationToken cancellationToken);
}
