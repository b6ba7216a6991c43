using System.Text.Json;
using Microsoft.Extensions.Logging;
using Neurons.Annotation.Cache;
using Neurons.Data.Tables;

namespace Neurons.Annotation.Vlm;

/// <summary>
/// Annotates a frame by asking a VLM two questions about it, the caption prompt and the object prompt,
/// each answered as JSON that must satisfy the prompt's schema. Per question: a cached reply is used
/// when present (no request); otherwise the request goes through the <see cref="VlmGateway"/>
/// (transport retries, circuit breaker, timeout; a dead endpoint throws <see cref="VlmEndpointException"/>,
/// which fails the stage rather than the row), and a reply that is not JSON or violates the schema is
/// asked again up to <see cref="VlmResilienceOptions.ReplyAttempts"/> times with seeds
/// <c>seed</c>, <c>seed+1</c>, … (at temperature 0 the same seed would repeat the same invalid reply).
/// Only valid replies are cached, under the key of the first attempt's options.
/// </summary>
public sealed class VlmAnnotationProvider : IAnnotationProvider
{
    private readonly VlmGateway gateway;
    private readonly PromptTemplate captionPrompt;
    private readonly PromptTemplate objectsPrompt;
    private readonly VlmGenerationOptions generation;
    private readonly VlmReplyCache cache;
    private readonly ILogger logger;

    /// <summary>Initializes a new instance of the <see cref="VlmAnnotationProvider"/> class.</summary>
    /// <param name="gateway">The endpoint.</param>
    /// <param name="captionPrompt">The caption prompt; its schema must require a string property <c>caption</c>.</param>
    /// <param name="objectsPrompt">The object prompt; its schema must require an array property <c>objects</c>.</param>
    /// <param name="generation">The decoding options.</param>
    /// <param name="cache">The reply cache.</param>
    /// <param name="logger">The logger.</param>
    /// <exception cref="InvalidDataException">A schema does not require the property the rows are filled from.</exception>
    public VlmAnnotationProvider(
        VlmGateway gateway,
        PromptTemplate captionPrompt,
        PromptTemplate objectsPrompt,
        VlmGenerationOptions generation,
        VlmReplyCache cache,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(captionPrompt);
        ArgumentNullException.ThrowIfNull(objectsPrompt);
        RequireProperty(captionPrompt, "caption", "string");
        RequireProperty(objectsPrompt, "objects", "array");
        this.gateway = gateway;
        this.captionPrompt = captionPrompt;
        this.objectsPrompt = objectsPrompt;
        this.generation = generation;
        this.cache = cache;
        this.logger = logger;
        PromptHash = PromptTemplate.CombineHashes([captionPrompt.Hash, objectsPrompt.Hash]);
    }

    /// <inheritdoc/>
    public string Kind => gateway.Kind;

    /// <inheritdoc/>
    public string Model => gateway.Model;

    /// <inheritdoc/>
    public string PromptHash { get; }

    /// <inheritdoc/>
    public async Task<AnnotationOutcome> AnnotateAsync(ClipRow clip, int frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var frameBytes = clip.Width * clip.Height * 3;
        if (frame < 0 || frame >= ClipRow.FrameCount)
        {
            return AnnotationOutcome.Failed($"frame {frame} is outside 0..{ClipRow.FrameCount - 1}");
        }

        if (frameBytes <= 0 || clip.Frames.Count != ClipRow.FrameCount)
        {
            return AnnotationOutcome.Failed(
                $"frames: expected {ClipRow.FrameCount} frames of {clip.Height}×{clip.Width}×3, got {clip.Frames.Count}");
        }

        var image = EncodedImage.FromRgb(TableImages.ToRgb(clip.Frames[frame], clip.Width, clip.Height, $"clips {clip.ClipId} frame {frame}"), clip.Width, clip.Height);
        var caption = await AskAsync(captionPrompt, image, clip.ClipId, frame, cancellationToken).ConfigureAwait(false);
        if (caption.Error is not null)
        {
            return AnnotationOutcome.Failed($"caption: {caption.Error}", caption.Requests, caption.CacheHits);
        }

        var objects = await AskAsync(objectsPrompt, image, clip.ClipId, frame, cancellationToken).ConfigureAwait(false);
        var requests = caption.Requests + objects.Requests;
        var hits = caption.CacheHits + objects.CacheHits;
        if (objects.Error is not null)
        {
            return AnnotationOutcome.Failed($"objects: {objects.Error}", requests, hits);
        }

        var captionText = caption.Value.GetProperty("caption").GetString()!.Trim();
        var names = ObjectNames.Normalize(objects.Value.GetProperty("objects").EnumerateArray()
            .Where(o => o.ValueKind == JsonValueKind.String)
            .Select(o => o.GetString()!));
        return new AnnotationOutcome(captionText, names, null, requests, hits);
    }

    /// <summary>Parses and validates a reply; returns the JSON value or the reason it is not acceptable.</summary>
    internal static (JsonElement Value, string? Error) ParseReply(PromptTemplate prompt, string content)
    {
        var text = StripCodeFence(content.Trim());
        if (text.Length == 0)
        {
            return (default, "empty reply");
        }

        JsonElement value;
        try
        {
            using var document = JsonDocument.Parse(text);
            value = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            var start = text.Length > 60 ? text[..60] + "…" : text;
            return (default, $"not JSON ({e.Message.Split(" Path:", 2)[0]}): \"{start.ReplaceLineEndings(" ")}\"");
        }

        var errors = JsonSchemaValidator.Validate(prompt.Validator, prompt.Schema, value);
        return errors.Count == 0
            ? (value, null)
            : (default, "violates the schema: " + string.Join("; ", errors.Take(3)) + (errors.Count > 3 ? $" (+{errors.Count - 3} more)" : string.Empty));
    }

    private static string StripCodeFence(string text)
    {
        if (!text.StartsWith("```", StringComparison.Ordinal) || !text.EndsWith("```", StringComparison.Ordinal) || text.Length < 6)
        {
            return text;
        }

        var firstNewline = text.IndexOf('\n', StringComparison.Ordinal);
        return firstNewline < 0 ? text : text[(firstNewline + 1)..^3].Trim();
    }

    private static void RequireProperty(PromptTemplate prompt, string property, string type)
    {
        var schema = prompt.Schema;
        var required = schema.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.Array
            && r.EnumerateArray().Any(x => x.ValueKind == JsonValueKind.String && x.GetString() == property);
        var typed = schema.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object
            && props.TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.Object
            && p.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == type;
        if (!required || !typed)
        {
            throw new InvalidDataException($"prompt '{prompt.Name}': its schema must require a property '{property}' of type {type}");
        }
    }

    private async Task<Answer> AskAsync(PromptTemplate prompt, EncodedImage image, string clipId, int frame, CancellationToken cancellationToken)
    {
        var options = generation.ToCanonicalString();
        var key = CacheKey.Compute(gateway.Kind, gateway.Model, prompt.Hash, image.PixelHash, options);
        if (cache.TryGet(key, out var cached))
        {
            var (value, error) = ParseReply(prompt, cached);
            if (error is null)
            {
                return new Answer(value, null, 0, 1);
            }

            Log.CachedReplyInvalid(logger, key, error);
        }

        var requests = 0;
        var attempts = Math.Max(gateway.Options.ReplyAttempts, 1);
        string? lastError = null;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            var request = new VlmRequest(prompt, image, generation with { Seed = generation.Seed + attempt });
            VlmReply reply;
            try
            {
                reply = await gateway.SendAsync(request, () => Interlocked.Increment(ref requests), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (VlmEndpointException)
            {
                // The endpoint cannot serve the run: the stage fails, no row is blamed.
                throw;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var suffix = VlmGateway.IsTransient(e)
                    ? $" (gave up after {requests} attempt{(requests == 1 ? string.Empty : "s")})"
                    : " (not retried)";
                return new Answer(default, VlmGateway.Describe(e) + suffix, requests, 0);
            }

            var (value, error) = ParseReply(prompt, reply.Content);
            if (error is null)
            {
                cache.Put(new CacheEntry(key, gateway.Kind, gateway.Model, prompt.Hash, image.PixelHash, options, reply.Content));
                return new Answer(value, null, requests, 0);
            }

            lastError = error;
            Log.VlmReplyInvalid(logger, clipId, frame, prompt.Name, attempt + 1, attempts, error);
        }

        return new Answer(default, $"reply invalid after {attempts} attempt{(attempts == 1 ? string.Empty : "s")}: {lastError}", requests, 0);
    }

    private readonly record struct Answer(JsonElement Value, string? Error, int Requests, int CacheHits);
}
