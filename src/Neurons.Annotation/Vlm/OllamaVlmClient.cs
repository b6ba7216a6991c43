using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OllamaSharp.Models;
using OllamaSharp.Models.Chat;

namespace Neurons.Annotation.Vlm;

/// <summary>
/// Ollama's <c>/api/chat</c> through OllamaSharp's <see cref="IChatClient"/>: a system message, a user message
/// carrying the image (OllamaSharp sends it as base64 in <c>images</c>; none for a text-only request), the reply
/// schema as <c>format</c>, <c>options</c> {temperature, seed, num_ctx, num_predict} and <c>keep_alive</c>
/// (num_ctx and keep_alive through the raw <see cref="ChatRequest"/>); answered as one JSON object or, with
/// <c>stream</c>, as NDJSON lines ending in one with <c>done:true</c>. A body that is not JSON, or a reply that
/// ends before <c>done:true</c>, is a <see cref="VlmTransportException"/>; a status other than 2xx is an
/// <see cref="HttpRequestException"/> carrying it (404: the model is not pulled), see
/// <see cref="AbortableOllamaApiClient"/>. Streamed bodies are read under the attempt's token.
/// </summary>
internal sealed class OllamaVlmClient : IVlmClient
{
    private readonly AbortableOllamaApiClient ollama;
    private readonly IChatClient chat;
    private readonly string keepAlive;
    private readonly bool stream;

    /// <summary>Initializes a new instance of the <see cref="OllamaVlmClient"/> class.</summary>
    /// <param name="http">A client whose <see cref="HttpClient.BaseAddress"/> is the server root (e.g. <c>http://127.0.0.1:11434/</c>).</param>
    /// <param name="model">The model tag, e.g. <c>qwen2.5vl:7b</c>.</param>
    /// <param name="keepAlive">How long Ollama keeps the model loaded after the request (e.g. <c>5m</c>).</param>
    /// <param name="stream">Whether to ask for an NDJSON stream.</param>
    public OllamaVlmClient(HttpClient http, string model, string keepAlive, bool stream)
    {
        ollama = new AbortableOllamaApiClient(http, model);
        chat = ollama;
        Model = model;
        Endpoint = http.BaseAddress!.ToString();
        this.keepAlive = keepAlive;
        this.stream = stream;
    }

    /// <inheritdoc/>
    public string Kind => "ollama";

    /// <inheritdoc/>
    public string Model { get; }

    /// <inheritdoc/>
    public string Endpoint { get; }

    /// <inheritdoc/>
    public VlmChatCall Prepare(VlmRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var numCtx = request.Options.NumCtx;
        return VlmChatCall.Create(request, _ => new ChatRequest { KeepAlive = keepAlive, Options = new RequestOptions { NumCtx = numCtx } });
    }

    /// <inheritdoc/>
    public async Task<VlmReply> SendAsync(VlmChatCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        VlmReply? reply;
        try
        {
            reply = stream
                ? await ReadStreamAsync(call, cancellationToken).ConfigureAwait(false)
                : Done(await chat.GetResponseAsync(call.Messages, call.Options, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is IOException or ObjectDisposedException or JsonException or InvalidOperationException)
        {
            throw new OperationCanceledException("the request was cancelled while reading the reply", e, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new VlmTransportException($"malformed response body from {Endpoint}api/chat: {e.Message.ReplaceLineEndings(" ")}", e);
        }
        catch (InvalidOperationException e)
        {
            // OllamaSharp's GetResponseAsync: the body held no done:true object.
            throw new VlmTransportException($"truncated response from {Endpoint}: {e.Message.ReplaceLineEndings(" ")}", e);
        }

        // OllamaSharp stops reading silently when the token fires; make that a cancellation, not a short reply.
        cancellationToken.ThrowIfCancellationRequested();
        return reply ?? throw new VlmTransportException($"truncated response from {Endpoint}: the body ended before a done:true message");
    }

    /// <inheritdoc/>
    public void Dispose() => ollama.Dispose();

    private static VlmReply? Done(ChatResponse response) =>
        response.RawRepresentation is ChatDoneResponseStream
            ? new VlmReply(response.Text, Count(response.Usage?.InputTokenCount), Count(response.Usage?.OutputTokenCount))
            : null;

    private static int? Count(long? tokens) => tokens is { } n ? (int)n : null;

    private async Task<VlmReply?> ReadStreamAsync(VlmChatCall call, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        await foreach (var update in chat.GetStreamingResponseAsync(call.Messages, call.Options, cancellationToken).ConfigureAwait(false))
        {
            text.Append(update.Text);
            if (update.RawRepresentation is ChatDoneResponseStream)
            {
                var usage = update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details;
                return new VlmReply(text.ToString(), Count(usage?.InputTokenCount), Count(usage?.OutputTokenCount));
            }
        }

        return null;
    }
}
