using System.Text;
using System.Text.Json;
using OllamaSharp;
using OllamaSharp.Models;
using OllamaSharp.Models.Chat;

namespace Neurons.Annotation.Vlm;

/// <summary>
/// Ollama's <c>/api/chat</c> through OllamaSharp: a system message, a user message carrying the image
/// (base64 PNG; none for a text-only request), the reply schema as <c>format</c>, <c>options</c> {temperature, seed, num_ctx,
/// num_predict} and <c>keep_alive</c>; streamed (NDJSON) or not. A stream that ends without a
/// <c>done:true</c> line, or a body line that is not JSON, is a <see cref="VlmTransportException"/>.
/// </summary>
internal sealed class OllamaVlmClient : IVlmClient
{
    private readonly AbortableOllamaApiClient client;
    private readonly string keepAlive;
    private readonly bool stream;

    /// <summary>Initializes a new instance of the <see cref="OllamaVlmClient"/> class.</summary>
    /// <param name="http">A client whose <see cref="HttpClient.BaseAddress"/> is the server root (e.g. <c>http://127.0.0.1:11434/</c>).</param>
    /// <param name="model">The model tag, e.g. <c>qwen2.5vl:7b</c>.</param>
    /// <param name="keepAlive">How long Ollama keeps the model loaded after the request (e.g. <c>5m</c>).</param>
    /// <param name="stream">Whether to ask for an NDJSON stream.</param>
    public OllamaVlmClient(HttpClient http, string model, string keepAlive, bool stream)
    {
        client = new AbortableOllamaApiClient(http, model);
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
    public async Task<VlmReply> SendAsync(VlmRequest request, CancellationToken cancellationToken)
    {
        var chat = new ChatRequest
        {
            Model = Model,
            Messages =
            [
                new Message(ChatRole.System, request.Prompt.System),
                request.Image is { } image
                    ? new Message(ChatRole.User, request.Prompt.User, [image.ToBase64()])
                    : new Message(ChatRole.User, request.Prompt.User),
            ],
            Format = request.Prompt.Schema,
            Stream = stream,
            KeepAlive = keepAlive,
            Options = new RequestOptions
            {
                Temperature = (float)request.Options.Temperature,
                Seed = request.Options.Seed,
                NumCtx = request.Options.NumCtx,
                NumPredict = request.Options.MaxTokens,
            },
        };

        var text = new StringBuilder();
        ChatDoneResponseStream? done = null;
        try
        {
            await foreach (var piece in client.ChatAsync(chat, cancellationToken).ConfigureAwait(false))
            {
                if (piece is null)
                {
                    continue;
                }

                text.Append(piece.Message?.Content);
                if (piece is ChatDoneResponseStream last)
                {
                    done = last;
                }
            }
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is IOException or ObjectDisposedException or HttpRequestException or JsonException)
        {
            throw new OperationCanceledException("the request was cancelled while reading the reply", e, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new VlmTransportException($"malformed response body from {Endpoint}: {e.Message}", e);
        }

        // OllamaSharp stops reading silently when the token fires; make that a cancellation, not a short reply.
        cancellationToken.ThrowIfCancellationRequested();
        if (done is null)
        {
            throw new VlmTransportException($"truncated response from {Endpoint}: the body ended before a done:true message");
        }

        return new VlmReply(text.ToString(), done.PromptEvalCount, done.EvalCount);
    }
}
