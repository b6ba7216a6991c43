using System.Net.Http.Headers;
using System.Text.Json;

namespace Neurons.Annotation.Vlm;

/// <summary>
/// An OpenAI-compatible <c>/v1/chat/completions</c> server (vLLM serving Qwen2.5-VL-72B-Instruct,
/// Ollama's <c>/v1</c>): the user message holds a text part and an <c>image_url</c> part with a
/// <c>data:image/png;base64,…</c> URI (no image part for a text-only request); the schema goes in <c>response_format</c> as
/// <c>{type: json_schema, json_schema: {name, strict: true, schema}}</c>; temperature, seed and
/// <c>max_tokens</c> are sent, never streamed.
/// </summary>
internal sealed class OpenAiVlmClient : IVlmClient
{
    private readonly HttpClient http;
    private readonly Uri completions;
    private readonly string? apiKey;

    /// <summary>Initializes a new instance of the <see cref="OpenAiVlmClient"/> class.</summary>
    /// <param name="http">A client whose <see cref="HttpClient.BaseAddress"/> is the server root or its <c>/v1/</c> path.</param>
    /// <param name="model">The served model name, e.g. <c>Qwen/Qwen2.5-VL-72B-Instruct</c>.</param>
    /// <param name="apiKey">A bearer token, or null.</param>
    public OpenAiVlmClient(HttpClient http, string model, string? apiKey)
    {
        this.http = http;
        Model = model;
        this.apiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey;
        Endpoint = http.BaseAddress!.ToString();
        var relative = Endpoint.TrimEnd('/').EndsWith("/v1", StringComparison.Ordinal) ? "chat/completions" : "v1/chat/completions";
        completions = new Uri(http.BaseAddress, relative);
    }

    /// <inheritdoc/>
    public string Kind => "openai";

    /// <inheritdoc/>
    public string Model { get; }

    /// <inheritdoc/>
    public string Endpoint { get; }

    /// <summary>Builds the request body (exposed for tests of its exact shape).</summary>
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
            w.WriteStartArray("content");
            w.WriteStartObject();
            w.WriteString("type", "text");
            w.WriteString("text", request.Prompt.User);
            w.WriteEndObject();
            if (request.Image is { } image)
            {
                w.WriteStartObject();
                w.WriteString("type", "image_url");
                w.WriteStartObject("image_url");
                w.WriteString("url", image.ToDataUri());
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteNumber("temperature", request.Options.Temperature);
            w.WriteNumber("seed", request.Options.Seed);
            w.WriteNumber("max_tokens", request.Options.MaxTokens);
            w.WriteStartObject("response_format");
            w.WriteString("type", "json_schema");
            w.WriteStartObject("json_schema");
            w.WriteString("name", request.Prompt.Name);
            w.WriteBoolean("strict", true);
            w.WritePropertyName("schema");
            request.Prompt.Schema.WriteTo(w);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteBoolean("stream", false);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <inheritdoc/>
    public async Task<VlmReply> SendAsync(VlmRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, completions);
        message.Content = new ByteArrayContent(BuildBody(request));
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (apiKey is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var detail = body.Length > 200 ? body[..200] : body;
            throw new HttpRequestException(
                $"{completions} answered {(int)response.StatusCode} {response.ReasonPhrase}: {detail.ReplaceLineEndings(" ")}",
                null,
                response.StatusCode);
        }

        return ParseReply(body);
    }

    private VlmReply ParseReply(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var message = root.GetProperty("choices")[0].GetProperty("message");
            var content = message.GetProperty("content").GetString()
                ?? throw new VlmTransportException($"{completions}: choices[0].message.content is null");
            int? promptTokens = null, outputTokens = null;
            if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                promptTokens = usage.TryGetProperty("prompt_tokens", out var p) ? p.GetInt32() : null;
                outputTokens = usage.TryGetProperty("completion_tokens", out var c) ? c.GetInt32() : null;
            }

            return new VlmReply(content, promptTokens, outputTokens);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or IndexOutOfRangeException or InvalidOperationException)
        {
            var start = body.Length > 120 ? body[..120] + "…" : body;
            throw new VlmTransportException($"malformed response body from {completions}: {e.Message} (body starts \"{start.ReplaceLineEndings(" ")}\")", e);
        }
    }
}
