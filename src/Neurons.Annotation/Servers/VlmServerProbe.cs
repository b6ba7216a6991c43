using System.Net.Http.Headers;
using System.Text.Json;
using Neurons.Annotation.Vlm;

namespace Neurons.Annotation.Servers;

/// <summary>
/// Asks a VLM server, with one request and nothing generated, whether it is up and serves the model: Ollama's
/// <c>GET /api/tags</c> (the pulled models; a tag without <c>:</c> means <c>:latest</c>) or an OpenAI-compatible
/// server's <c>GET /v1/models</c> (the served model ids).
/// </summary>
public static class VlmServerProbe
{
    /// <summary>Returns null when the server answers and has the model, else what is wrong in one line.</summary>
    /// <param name="endpoint">The server, its kind, the model and the bearer token.</param>
    /// <param name="timeout">How long the one request may take.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <param name="handler">The HTTP handler (tests); null uses a fresh one.</param>
    public static async Task<string?> CheckAsync(VlmEndpointOptions endpoint, TimeSpan timeout, CancellationToken cancellationToken, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!Uri.TryCreate(endpoint.Url.EndsWith('/') ? endpoint.Url : endpoint.Url + "/", UriKind.Absolute, out var baseUri)
            || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps))
        {
            return $"endpoint '{endpoint.Url}' is not an absolute http(s) URL";
        }

        var openai = endpoint.Kind == "openai";
        var relative = openai ? (baseUri.AbsolutePath.TrimEnd('/').EndsWith("/v1", StringComparison.Ordinal) ? "models" : "v1/models") : "api/tags";
        var url = new Uri(baseUri, relative);
        using var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.Timeout = Timeout.InfiniteTimeSpan;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (openai && !string.IsNullOrEmpty(endpoint.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", endpoint.ApiKey);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        string body;
        try
        {
            using var response = await http.SendAsync(request, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return $"{url} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            }

            body = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"{url} did not answer within {timeout.TotalSeconds:0.#} s";
        }
        catch (HttpRequestException ex)
        {
            return $"{url} is not reachable: {ex.Message}";
        }

        IReadOnlyList<string> models;
        try
        {
            models = openai ? Names(body, "data", "id") : Names(body, "models", "name");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return $"{url} did not answer with a model list ({(openai ? "OpenAI {data: [{id}]}" : "Ollama {models: [{name}]}")}); is it a{(openai ? "n OpenAI-compatible" : "n Ollama")} server?";
        }

        if (Serves(models, endpoint.Model, openai))
        {
            return null;
        }

        var listed = models.Count == 0 ? "none" : string.Join(", ", models.Take(8)) + (models.Count > 8 ? $" and {models.Count - 8} more" : string.Empty);
        return openai
            ? $"{baseUri} does not serve model '{endpoint.Model}' (it serves {listed})"
            : $"{baseUri} has not pulled model '{endpoint.Model}' (it has {listed}); run: ollama pull {endpoint.Model}";
    }

    /// <summary>Returns whether a model list holds the model (for Ollama, a tag without <c>:</c> is <c>:latest</c>).</summary>
    internal static bool Serves(IReadOnlyList<string> models, string model, bool openai)
    {
        if (models.Contains(model, StringComparer.Ordinal))
        {
            return true;
        }

        return !openai && !model.Contains(':', StringComparison.Ordinal) && models.Contains(model + ":latest", StringComparer.Ordinal);
    }

    private static List<string> Names(string body, string list, string key)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty(list).EnumerateArray()
            .Select(e => e.TryGetProperty(key, out var v) ? v.GetString() : e.TryGetProperty("model", out var m) ? m.GetString() : null)
            .OfType<string>()
            .ToList();
    }
}
