using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Neurons.Annotation.Cache;
using Neurons.Annotation.Vlm;
using Polly.CircuitBreaker;

namespace Neurons.Annotation.Concepts;

/// <summary>
/// Asks the configured VLM, text only, which of the catalog's concepts an object name belongs to, for
/// the names WordNet cannot place. The same gateway (providers, in-flight bound, retries, circuit
/// breaker, timeout), reply cache and schema validation as the <c>annotate</c> stage: the reply schema
/// is built from the catalog (an <c>enum</c> of its concept names), so a reply naming anything else
/// violates it and is refused (counted, and asked again with the next seed up to
/// <see cref="VlmResilienceOptions.ReplyAttempts"/> times). Only valid replies are cached, under a key
/// of provider, model, prompt hash, the name's hash and the decoding options.
/// </summary>
public sealed class VlmConceptFallback
{
    /// <summary>The prompt file's name in a prompts folder.</summary>
    public const string PromptFile = "concepts.yaml";

    private readonly VlmGateway gateway;
    private readonly PromptTemplate template;
    private readonly ConceptCatalog catalog;
    private readonly VlmGenerationOptions generation;
    private readonly VlmReplyCache cache;
    private readonly ILogger logger;

    /// <summary>Initializes a new instance of the <see cref="VlmConceptFallback"/> class.</summary>
    /// <param name="gateway">The endpoint.</param>
    /// <param name="template">The prompt (its user text holds <c>{name}</c>) with the schema of <see cref="BuildSchema"/>; see <see cref="LoadPrompt"/>.</param>
    /// <param name="catalog">The concepts.</param>
    /// <param name="generation">The decoding options.</param>
    /// <param name="cache">The reply cache.</param>
    /// <param name="logger">The logger.</param>
    public VlmConceptFallback(VlmGateway gateway, PromptTemplate template, ConceptCatalog catalog, VlmGenerationOptions generation, VlmReplyCache cache, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(catalog);
        this.gateway = gateway;
        this.template = template;
        this.catalog = catalog;
        this.generation = generation;
        this.cache = cache;
        this.logger = logger;
    }

    /// <summary>Gets the prompt's hash (covers the concept list and the schema).</summary>
    public string PromptHash => template.Hash;

    /// <summary>The reply schema for a catalog: <c>{"concepts": [one to three of the concept names, no repeats]}</c> (an empty list means none fits).</summary>
    public static string BuildSchema(ConceptCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var schema = new
        {
            type = "object",
            properties = new
            {
                concepts = new
                {
                    type = "array",
                    items = new { type = "string", @enum = catalog.Concepts.Select(c => c.Name).ToArray() },
                    maxItems = 3,
                    uniqueItems = true,
                },
            },
            required = new[] { "concepts" },
            additionalProperties = false,
        };
        return JsonSerializer.Serialize(schema);
    }

    /// <summary>Loads the fallback prompt (<see cref="PromptFile"/>) from a prompts folder, filling <c>{concepts}</c> with the catalog's names, one a line.</summary>
    /// <exception cref="InvalidDataException">The file is missing or malformed, or its user text lacks <c>{name}</c>.</exception>
    public static PromptTemplate LoadPrompt(string promptsDirectory, ConceptCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var path = Path.Combine(string.IsNullOrEmpty(promptsDirectory) ? AnnotationPrompts.BuiltInDirectory : promptsDirectory, PromptFile);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{path}: concept fallback prompt not found");
        }

        var raw = PromptTemplate.LoadWithSchema(path, "concepts", BuildSchema(catalog));
        if (!raw.User.Contains("{name}", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: user: must contain {{name}} (where the object name goes)");
        }

        var list = string.Join("\n", catalog.Concepts.Select(c => c.Name));
        return PromptTemplate.Create(raw.Name, raw.System.Replace("{concepts}", list, StringComparison.Ordinal), raw.User, raw.SchemaJson, path);
    }

    /// <summary>Asks about each distinct normalised name once (cache first).</summary>
    public async Task<ConceptFallbackResult> ResolveAsync(IEnumerable<string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        var distinct = names.Select(ConceptMapper.Normalize).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var concepts = new Dictionary<string, IReadOnlyList<int>>(StringComparer.Ordinal);
        int answered = 0, refused = 0, failed = 0, requests = 0, hits = 0;
        var tasks = distinct.Select(name => AskAsync(name, cancellationToken)).ToList();
        var outcomes = await Task.WhenAll(tasks).ConfigureAwait(false);
        for (var i = 0; i < distinct.Count; i++)
        {
            var outcome = outcomes[i];
            refused += outcome.Refused;
            requests += outcome.Requests;
            hits += outcome.CacheHit ? 1 : 0;
            if (outcome.Indices is null)
            {
                failed++;
                continue;
            }

            answered++;
            if (outcome.Indices.Count > 0)
            {
                concepts[distinct[i]] = outcome.Indices;
            }
        }

        Log.ConceptFallbackFinished(logger, gateway.Kind, gateway.Model, distinct.Count, answered, refused, failed, requests, hits);
        return new ConceptFallbackResult(concepts, distinct.Count, answered, refused, failed, requests, hits);
    }

    private static string NameHash(string name) =>
        "text:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("neurons-concept-name-v1\u001e" + name)));

    private IReadOnlyList<int>? Parse(PromptTemplate prompt, string content, out string? error)
    {
        var (value, problem) = VlmAnnotationProvider.ParseReply(prompt, content);
        error = problem;
        if (problem is not null)
        {
            return null;
        }

        // The schema's enum already holds only catalog names; the lookup keeps a changed catalog from reading a stale cache entry.
        var result = new SortedSet<int>();
        foreach (var item in value.GetProperty("concepts").EnumerateArray())
        {
            if (!catalog.TryGet(item.GetString() ?? string.Empty, out var concept))
            {
                error = $"'{item.GetString()}' is not one of the {catalog.Concepts.Count} concepts";
                return null;
            }

            result.Add(concept.Index);
        }

        return result.ToList();
    }

    private async Task<Outcome> AskAsync(string name, CancellationToken cancellationToken)
    {
        var prompt = PromptTemplate.Create(template.Name, template.System, template.User.Replace("{name}", name, StringComparison.Ordinal), template.SchemaJson, PromptFile);
        var options = generation.ToCanonicalString();
        var key = CacheKey.Compute(gateway.Kind, gateway.Model, template.Hash, NameHash(name), options);
        if (cache.TryGet(key, out var cached))
        {
            if (Parse(prompt, cached, out var cachedError) is { } indices)
            {
                return new Outcome(indices, 0, 0, true);
            }

            Log.CachedReplyInvalid(logger, key, cachedError ?? "invalid");
        }

        var requests = 0;
        var refused = 0;
        var attempts = Math.Max(gateway.Options.ReplyAttempts, 1);
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            VlmReply reply;
            try
            {
                var request = new VlmRequest(prompt, null, generation with { Seed = generation.Seed + attempt });
                reply = await gateway.SendAsync(request, () => Interlocked.Increment(ref requests), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e) when (e is BrokenCircuitException || e is not OperationCanceledException)
            {
                Log.ConceptFallbackFailed(logger, name, VlmGateway.Describe(e));
                return new Outcome(null, requests, refused, false);
            }

            if (Parse(prompt, reply.Content, out var error) is { } indices)
            {
                cache.Put(new CacheEntry(key, gateway.Kind, gateway.Model, template.Hash, NameHash(name), options, reply.Content));
                return new Outcome(indices, requests, refused, false);
            }

            refused++;
            Log.ConceptReplyRefused(logger, name, attempt + 1, attempts, error ?? "invalid");
        }

        Log.ConceptFallbackFailed(logger, name, $"every reply refused ({attempts} attempt{(attempts == 1 ? string.Empty : "s")})");
        return new Outcome(null, requests, refused, false);
    }

    private sealed record Outcome(IReadOnlyList<int>? Indices, int Requests, int Refused, bool CacheHit);
}
