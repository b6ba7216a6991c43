using System.Text.Json;
using OllamaSharp;
using OllamaSharp.Models;

namespace Neurons.Annotation.Vlm;

/// <summary>
/// OllamaSharp's <see cref="OllamaApiClient"/> (and so its <c>IChatClient</c>) with two changes to how a
/// response is received. A status other than 2xx becomes an <see cref="HttpRequestException"/> that carries the
/// status and Ollama's <c>error</c> text (OllamaSharp's own keeps neither for 404, and no status for 400), so the
/// gateway can tell a missing model from a transient fault. And a streamed body is read through an
/// <see cref="AbortableStream"/>: OllamaSharp reads NDJSON lines without a token and HttpClient unlinks its token
/// once the headers have arrived, so without it a server that stops sending mid-stream would hold the call past
/// the per-attempt timeout.
/// </summary>
internal sealed class AbortableOllamaApiClient : OllamaApiClient
{
    private readonly HttpClient http;

    /// <summary>Initializes a new instance of the <see cref="AbortableOllamaApiClient"/> class.</summary>
    /// <param name="http">A client whose <see cref="HttpClient.BaseAddress"/> is the server root; not disposed here.</param>
    /// <param name="model">The model tag.</param>
    public AbortableOllamaApiClient(HttpClient http, string model)
        : base(http, model)
    {
        this.http = http;
    }

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendToOllamaAsync(
        HttpRequestMessage requestMessage,
        OllamaRequest? ollamaRequest,
        HttpCompletionOption completionOption,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requestMessage);
        var response = await http.SendAsync(requestMessage, completionOption, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                var detail = await ReadDetailAsync(response, cancellationToken).ConfigureAwait(false);
                throw new HttpRequestException(
                    $"{requestMessage.RequestUri} answered {(int)response.StatusCode} {response.ReasonPhrase}: {detail}",
                    null,
                    response.StatusCode);
            }
        }

        if (completionOption != HttpCompletionOption.ResponseHeadersRead || !cancellationToken.CanBeCanceled)
        {
            return response;
        }

        var original = response.Content;
        var body = await original.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var content = new StreamContent(new AbortableStream(body, cancellationToken));
        foreach (var header in original.Headers)
        {
            content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = content;
        return response;
    }

    /// <summary>Ollama's <c>error</c> text when the body is <c>{"error": "…"}</c>, else the start of the body; one line.</summary>
    private static async Task<string> ReadDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
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
