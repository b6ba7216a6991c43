using OllamaSharp;
using OllamaSharp.Models;

namespace Neurons.Annotation.Vlm;

/// <summary>
/// An <see cref="OllamaApiClient"/> whose streamed response bodies honour the call's cancellation
/// token. OllamaSharp reads NDJSON lines with <c>ReadLineAsync()</c> and no token, and HttpClient
/// unlinks its own token once the headers have arrived, so without this a server that stops sending
/// mid-stream would hold the call forever and the per-attempt timeout could not end it. Here the
/// body stream is disposed when the token fires, which fails the pending read.
/// </summary>
internal sealed class AbortableOllamaApiClient : OllamaApiClient
{
    /// <summary>Initializes a new instance of the <see cref="AbortableOllamaApiClient"/> class.</summary>
    public AbortableOllamaApiClient(HttpClient client, string defaultModel)
        : base(client, defaultModel)
    {
    }

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendToOllamaAsync(
        HttpRequestMessage requestMessage,
        OllamaRequest? ollamaRequest,
        HttpCompletionOption completionOption,
        CancellationToken cancellationToken)
    {
        var response = await base.SendToOllamaAsync(requestMessage, ollamaRequest, completionOption, cancellationToken).ConfigureAwait(false);
        if (!cancellationToken.CanBeCanceled || completionOption != HttpCompletionOption.ResponseHeadersRead)
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
}
