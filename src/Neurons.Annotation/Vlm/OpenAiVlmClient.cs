using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace Neurons.Annotation.Vlm;

/// <summary>
/// An OpenAI-compatible <c>/v1/chat/completions</c> server (vLLM serving Qwen2.5-VL-72B-Instruct, Ollama's
/// <c>/v1</c>) through the OpenAI package's <see cref="ChatClient"/> as a Microsoft.Extensions.AI
/// <see cref="IChatClient"/>: the user message holds a text part and an <c>image_url</c> part with a
/// <c>data:image/png;base64,…</c> URI (no image part for a text-only request); the schema goes in
/// <c>response_format</c> as <c>{type: json_schema, json_schema: {name, strict: true, schema}}</c>; temperature,
/// seed and <c>max_tokens</c> are sent (the older name, which vLLM and Ollama's <c>/v1</c> both take, rather than
/// the package's <c>max_completion_tokens</c>), with <c>stream: false</c>. The package's own retries and network
/// timeout are off (the gateway's Polly pipeline owns both), and no <c>Authorization</c> header is sent without a key.
/// A non-2xx answer becomes an <see cref="HttpRequestException"/> with the status and the start of the body; a body
/// that is not a chat completion is a <see cref="VlmTransportException"/>.
/// </summary>
internal sealed class OpenAiVlmClient : IVlmClient
{
    private readonly IChatClient chat;
    private readonly Uri completions;

    /// <summary>Initializes a new instance of the <see cref="OpenAiVlmClient"/> class.</summary>
    /// <param name="http">A client whose <see cref="HttpClient.BaseAddress"/> is the server root or its <c>/v1/</c> path; not disposed here.</param>
    /// <param name="model">The served model name, e.g. <c>Qwen/Qwen2.5-VL-72B-Instruct</c>.</param>
    /// <param name="apiKey">A bearer token, or null.</param>
    public OpenAiVlmClient(HttpClient http, string model, string? apiKey)
    {
        ArgumentNullException.ThrowIfNull(http);
        Model = model;
        Endpoint = http.BaseAddress!.ToString();
        var root = Endpoint.TrimEnd('/');
        var v1 = new Uri(root.EndsWith("/v1", StringComparison.Ordinal) ? root : root + "/v1");
        completions = new Uri(v1 + "/chat/completions");
        var options = new OpenAIClientOptions
        {
            Endpoint = v1,
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };
        if (string.IsNullOrEmpty(apiKey))
        {
            options.AddPolicy(new NoAuthorizationPolicy(), PipelinePosition.BeforeTransport);
        }

        chat = new ChatClient(model, new ApiKeyCredential(string.IsNullOrEmpty(apiKey) ? "none" : apiKey), options).AsIChatClient();
    }

    /// <inheritdoc/>
    public string Kind => "openai";

    /// <inheritdoc/>
    public string Model { get; }

    /// <inheritdoc/>
    public string Endpoint { get; }

    /// <inheritdoc/>
    public VlmChatCall Prepare(VlmRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = request.Prompt.Name;
        var schema = BinaryData.FromString(request.Prompt.SchemaJson);
        var maxTokens = request.Options.MaxTokens;
        return VlmChatCall.Create(request, _ => RawOptions(name, schema, maxTokens));
    }

    /// <inheritdoc/>
    public async Task<VlmReply> SendAsync(VlmChatCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ChatResponse response;
        try
        {
            response = await chat.GetResponseAsync(call.Messages, call.Options, cancellationToken).ConfigureAwait(false);
        }
        catch (ClientResultException e) when (e.InnerException is HttpRequestException or IOException)
        {
            // The transport wraps connection faults: hand the gateway the fault itself.
            ExceptionDispatchInfo.Throw(e.InnerException!);
            throw;
        }
        catch (ClientResultException e) when (e.GetRawResponse() is { } answer)
        {
            var text = answer.Content.ToString();
            var detail = text.Length > 200 ? text[..200] : text;
            throw new HttpRequestException(
                $"{completions} answered {answer.Status} {answer.ReasonPhrase}: {detail.ReplaceLineEndings(" ")}",
                e,
                (HttpStatusCode)answer.Status);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ClientResultException)
        {
            throw new VlmTransportException($"malformed response body from {completions}: {e.Message.ReplaceLineEndings(" ")}", e);
        }

        if (response.RawRepresentation is not ChatCompletion { Content.Count: > 0 })
        {
            throw new VlmTransportException($"{completions}: choices[0].message.content is empty");
        }

        return new VlmReply(response.Text, Count(response.Usage?.InputTokenCount), Count(response.Usage?.OutputTokenCount));
    }

    /// <inheritdoc/>
    public void Dispose() => chat.Dispose();

    private static int? Count(long? tokens) => tokens is { } n ? (int)n : null;

    /// <summary>The OpenAI request fields <see cref="ChatOptions"/> cannot express: a strict schema, <c>max_tokens</c>, <c>stream: false</c>.</summary>
    private static ChatCompletionOptions RawOptions(string name, BinaryData schema, int maxTokens)
    {
        var options = new ChatCompletionOptions
        {
            ResponseFormat = OpenAI.Chat.ChatResponseFormat.CreateJsonSchemaFormat(name, schema, jsonSchemaIsStrict: true),
        };
#pragma warning disable SCME0001 // JsonPatch is marked experimental; it is the package's way to send fields it does not model.
        options.Patch.Set("$.max_tokens"u8, maxTokens);
        options.Patch.Remove("$.max_completion_tokens"u8);
        options.Patch.Set("$.stream"u8, false);
#pragma warning restore SCME0001
        return options;
    }
}
