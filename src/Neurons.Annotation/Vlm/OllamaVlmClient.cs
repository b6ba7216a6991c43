using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Neurons.Annotation.Vlm;

/// <summary>
/// Ollama's <c>/api/chat</c>: a system message, a user message carrying the image (base64 PNG in
/// <c>images</c>; none for a text-only request), the reply schema as <c>format</c>, <c>options</c> {temperature, seed, num_ctx, num_predict}
/// and <c>keep_alive</c>; answered as one JSON object or, with <c>stream</c>, as NDJSON lines ending in one with
/// <c>done:true</c>. A body that is not JSON, an <c>error</c> line, or a stream that ends before <c>done:true</c>
/// is a <see cref="VlmTransportException"/>; a status other than 2xx is an <see cref="HttpRequestException"/>
/// carrying it (404: the model is not pulled). Streamed bodies are read under the attempt's token, so a server
/// that stops sending cannot hold the call past its timeout.
/// </summary>
internal sealed class OllamaVlmClient : IVlmClient
{
    private readonly HttpClient http;
    private readonly Uri chat;
    private readonly string keepAlive;
    private readonly bool stream;

    /// <summary>Initializes a new instance of the <see cref="OllamaVlmClient"/> class.</summary>
    /// <param name="http">A client whose <see cref="HttpClient.BaseAddress"/> is the server root (e.g. <c>http://127.0.0.1:11434/</c>).</param>
    /// <param name="model">The model tag, e.g. <c>qwen2.5vl:7b</c>.</param>
    /// <param name="keepAlive">How long Ollama keeps the model loaded after the request (e.g. <c>5m</c>).</param>
    /// <param name="stream">Whether to ask for an NDJSON stream.</param>
    public OllamaVlmClient(HttpClient http, string model, string keepAlive, bool stream)
    {
        this.http = http;
        Model = model;
        Endpoint = http.BaseAddress!.ToString();
        chat = new Uri(http.BaseAddress, "api/chat");
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
    public byte[] BuildBody(VlmRequest request)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("model", Model);
            w.WriteStartArray("messages");
            w.WriteStartObject();
            w.WriteString("role", "system");
            w.WriteString("content", request.Prompt.System);
            w.WriteEndObject();
            w.WriteStartObject();
            w.WriteString("role", "user");
            w.WriteString("content", request.Prompt.User);
            if (request.Image is { } image)
            {
                w.WriteStartArray("images");
                w.WriteStringValue(image.ToBase64());
                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteEndArray();
            w.WritePropertyName("format");
            request.Prompt.Schema.WriteTo(w);
            w.WriteBoolean("stream", stream);
            w.WriteString("keep_alive", keepAlive);
            w.WriteStartObject("options");
            w.WriteNumber("temperature", request.Options.Temperature);
            w.WriteNumber("seed", request.Options.Seed);
            w.WriteNumber("num_ctx", request.Options.NumCtx);
            w.WriteNumber("num_predict", request.Options.MaxTokens);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <inheritdoc/>
    public async Task<VlmReply> SendAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, chat);
        message.Content = new ByteArrayContent(body);
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var content = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var lines = new StreamReader(new AbortableStream(content, cancellationToken), Encoding.UTF8);
        if (!response.IsSuccessStatusCode)
        {
            var detail = await ReadDetailAsync(lines, cancellationToken).ConfigureAwait(false);
            throw new HttpRequestException($"{chat} answered {(int)response.StatusCode} {response.ReasonPhrase}: {detail}", null, response.StatusCode);
        }

        try
        {
            if (!stream)
            {
                using var whole = JsonDocument.Parse(await lines.ReadToEndAsync(cancellationToken).ConfigureAwait(false));
                return Piece(whole.RootElement, new StringBuilder()) ?? throw new VlmTransportException($"truncated response from {Endpoint}: the reply is not marked done:true");
            }

            var text = new StringBuilder();
            while (await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                using var piece = JsonDocument.Parse(line);
                if (Piece(piece.RootElement, text) is { } reply)
                {
                    return reply;
                }
            }
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is IOException or ObjectDisposedException or JsonException)
        {
            throw new OperationCanceledException("the request was cancelled while reading the reply", e, cancellationToken);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new VlmTransportException($"malformed response body from {chat}: {e.Message.ReplaceLineEndings(" ")}", e);
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw new VlmTransportException($"truncated response from {Endpoint}: the body ended before a done:true message");
    }

    /// <summary>Appends one reply object's content; returns the reply when it is the last (<c>done:true</c>).</summary>
    private VlmReply? Piece(JsonElement root, StringBuilder text)
    {
        if (root.TryGetProperty("error", out var error))
        {
            throw new VlmTransportException($"{chat} reported an error mid-reply: {error.ToString().ReplaceLineEndings(" ")}");
        }

        text.Append(root.GetProperty("message").GetProperty("content").GetString());
        return root.TryGetProperty("done", out var done) && done.ValueKind == JsonValueKind.True
            ? new VlmReply(text.ToString(), Count(root, "prompt_eval_count"), Count(root, "eval_count"))
            : null;
    }

    private static int? Count(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

    private static async Task<string> ReadDetailAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var body = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
            {
                return error.GetString()!.ReplaceLineEndings(" ");
            }
        }
        catch (JsonException)
        {
            // not JSON: quote the start of the body
        }

        var start = body.Length > 200 ? body[..200] : body;
        return start.ReplaceLineEndings(" ");
    }
}
