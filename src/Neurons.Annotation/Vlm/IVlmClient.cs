namespace Neurons.Annotation.Vlm;

/// <summary>
/// One VLM backend (Ollama <c>/api/chat</c> through OllamaSharp, an OpenAI-compatible <c>/v1/chat/completions</c>
/// through the OpenAI package), both spoken to as a Microsoft.Extensions.AI <c>IChatClient</c>: sends one
/// request and returns the raw reply. Throws <see cref="VlmTransportException"/>,
/// <see cref="HttpRequestException"/> (carrying the status and the start of the body for a non-2xx answer) or
/// <see cref="IOException"/> on transport faults; retrying, timeouts and validation are the caller's.
/// </summary>
internal interface IVlmClient : IDisposable
{
    /// <summary>Gets the provider kind (<c>ollama</c> or <c>openai</c>); part of the cache key.</summary>
    string Kind { get; }

    /// <summary>Gets the model name or tag (e.g. <c>qwen2.5vl:7b</c>); part of the cache key.</summary>
    string Model { get; }

    /// <summary>Gets the base URL, for messages.</summary>
    string Endpoint { get; }

    /// <summary>Builds the messages and options (done before a slot is taken, so a slot is held only while the server works).</summary>
    VlmChatCall Prepare(VlmRequest request);

    /// <summary>Sends one prepared request and returns the reply.</summary>
    Task<VlmReply> SendAsync(VlmChatCall call, CancellationToken cancellationToken);
}
