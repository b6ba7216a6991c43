using Neurons.Annotation.Cache;
using Neurons.Annotation.Concepts;
using Neurons.Annotation.Vlm;
using Neurons.Annotation.WordNet;
using Neurons.Data.Tables;
using Neurons.Engine.Config;
using Neurons.Engine.Stages;

namespace Neurons.Stages.Concepts;

/// <summary>
/// The <c>concepts</c> stage: for each clip of an <c>annotations</c> shard, the union of its objects'
/// concepts (<see cref="ConceptMapper"/>) as names and as the 51-long multi-hot classifier target, plus
/// the names left unmapped, and per object the sense followed, why, and where the concepts came from.
/// With <c>vlm_fallback</c> the names WordNet cannot place are asked of the VLM (text only, validated,
/// cached). The sidecar holds concept frequencies, the most common unmapped names and the fallback's counts.
/// The fallback's endpoint gateway is created once per run in <see cref="SetupAsync"/> and disposed in <see cref="Teardown"/>.
/// </summary>
public sealed class ConceptsStage : IStage
{
    private const string StageFile = "stages/concepts/stage.yaml";

    /// <summary>The number of concepts the NEURONS classifier has (<c>class_num=51</c>).</summary>
    public const int ConceptCount = 51;

    private VlmGateway? gateway;

    /// <inheritdoc/>
    public string Name => "concepts";

    /// <inheritdoc/>
    public IReadOnlyList<ParameterError> ValidateParameters(StageParameters parameters) => OptionsValidation.Validate<ConceptsOptions>(parameters);

    /// <inheritdoc/>
    public async Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.BindParameters<ConceptsOptions>();
        Check(options);

        var conceptsFile = options.ConceptsFile.Length == 0 ? ConceptCatalog.BuiltInPath : options.ConceptsFile;
        if (!File.Exists(conceptsFile))
        {
            throw new ConfigException(StageFile, "stages.concepts.concepts_file", $"{conceptsFile} does not exist");
        }

        var catalog = ConceptCatalog.Load(conceptsFile);
        if (catalog.Concepts.Count != ConceptCount)
        {
            throw new FormatException($"{conceptsFile}: {catalog.Concepts.Count} concepts, the NEURONS classifier needs {ConceptCount}");
        }

        var beside = Path.GetDirectoryName(Path.GetFullPath(conceptsFile)) ?? string.Empty;
        var wordNetDirectory = File.Exists(Path.Combine(beside, "data.noun")) ? beside : WordNetDatabase.BuiltInDirectory;
        using var wordNet = WordNetDatabase.Open(wordNetDirectory);
        var mapper = new ConceptMapper(wordNet, catalog, options.Senses);

        var input = context.SingleInput("annotations");
        var annotations = await ParquetRows.ReadAsync<AnnotationRow>(input.Path, cancellationToken).ConfigureAwait(false);
        var clips = annotations.GroupBy(a => a.ClipId, StringComparer.Ordinal)
            .Select(g => (ClipId: g.Key, Ok: g.Where(a => a.Status == "ok").ToList()))
            .ToList();
        ClipConcepts Map(List<AnnotationRow> ok, IReadOnlyDictionary<string, IReadOnlyList<int>>? fallback) =>
            mapper.MapClip(
                ok.SelectMany(a => a.Objects),
                options.Context ? string.Join(" ", ok.Select(a => a.Caption).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal)) : null,
                fallback);

        var mappedClips = clips.Select(c => c.Ok.Count == 0 ? null : Map(c.Ok, null)).ToList();
        var fallbackResult = ConceptFallbackResult.None;
        var unmappedNames = mappedClips.Where(m => m is not null).SelectMany(m => m!.Unmapped).Distinct(StringComparer.Ordinal).ToList();
        if (options.VlmFallback && unmappedNames.Count > 0)
        {
            using var cache = VlmReplyCache.Open(Path.Combine(context.CacheDirectory, VlmReplyCache.FileName), context.Time);
            var fallback = new VlmConceptFallback(
                gateway ?? throw new InvalidOperationException("concepts: the VLM gateway is created by SetupAsync, which runs before the first work item (call the stage through StageLifecycle.RunAsync)"),
                VlmConceptFallback.LoadPrompt(options.Prompts, catalog),
                catalog,
                new VlmGenerationOptions(),
                cache,
                context.Logger);
            fallbackResult = await fallback.ResolveAsync(unmappedNames, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < clips.Count; i++)
            {
                if (mappedClips[i] is { Unmapped.Count: > 0 })
                {
                    mappedClips[i] = Map(clips[i].Ok, fallbackResult.Concepts);
                }
            }
        }

        var rows = new List<ConceptRow>(clips.Count);
        var statistics = new ConceptStatistics(catalog);
        for (var i = 0; i < clips.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (mappedClips[i] is not { } mapped)
            {
                rows.Add(new ConceptRow { ClipId = clips[i].ClipId, MultiHot = new int[ConceptCount].ToList(), Status = "failed" });
                statistics.AddFailed();
                continue;
            }

            statistics.Add(mapped);
            rows.Add(new ConceptRow
            {
                ClipId = clips[i].ClipId,
                Objects = mapped.Objects.Select(o => o.Object).ToList(),
                Concepts = mapped.ConceptIndices.Select(c => catalog.Concepts[c].Name).ToList(),
                MultiHot = mapped.MultiHot.ToList(),
                Unmapped = mapped.Unmapped.ToList(),
                Mappings = mapped.Objects.Select(o => Describe(o, catalog)).ToList(),
                Senses = mapped.Objects.Select(o => o.Senses.Count > 0 ? o.Senses[0] : string.Empty).ToList(),
                Reasons = mapped.Objects.Select(o => o.Reason).ToList(),
                Sources = mapped.Objects.Select(o => o.Source).ToList(),
            });
            context.Progress.Report((double)rows.Count / clips.Count);
        }

        var output = context.Output("concepts");
        await ParquetRows.WriteAsync(output.Path, rows, cancellationToken).ConfigureAwait(false);
        output.Rows = rows.Count;
        statistics.WriteTo(output.Metadata, options.TopUnmapped);
        output.Metadata["senses"] = options.Senses;
        output.Metadata["context"] = options.Context;
        output.Metadata["wordnet"] = "WordNet 3.0";
        output.Metadata["vlm_fallback"] = options.VlmFallback;
        output.Metadata["fallback_names"] = fallbackResult.Names;
        output.Metadata["fallback_answered"] = fallbackResult.Answered;
        output.Metadata["fallback_refused"] = fallbackResult.Refused;
        output.Metadata["fallback_failed"] = fallbackResult.Failed;
        output.Metadata["fallback_requests"] = fallbackResult.Requests;
        output.Metadata["fallback_cache_hits"] = fallbackResult.CacheHits;
    }

    /// <inheritdoc/>
    public Task SetupAsync(StageSetupContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.BindParameters<ConceptsOptions>();
        Check(options);
        if (options.VlmFallback)
        {
            gateway = CreateGateway(options, context);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public void Teardown()
    {
        gateway?.Dispose();
        gateway = null;
    }

    /// <summary>One line saying how an object was mapped: <c>dog: animal, mammal [wordnet dog.n.01]</c>.</summary>
    internal static string Describe(ObjectConcepts mapped, ConceptCatalog catalog)
    {
        var concepts = mapped.IsMapped ? string.Join(", ", mapped.ConceptIndices.Select(i => catalog.Concepts[i].Name)) : "-";
        var rule = mapped.Rule switch
        {
            MappingRule.ConceptName => "concept name",
            MappingRule.Override => "override",
            MappingRule.WordNet => "wordnet",
            MappingRule.Vlm => "vlm",
            _ => "unmapped",
        };
        var senses = mapped.Senses.Count > 0 ? " " + string.Join(" ", mapped.Senses) : string.Empty;
        return $"{mapped.Object}: {concepts} [{rule}{senses}]";
    }

    private static void Check(ConceptsOptions options)
    {
        if (options.Senses is < 1 or > 3)
        {
            throw new ConfigException(StageFile, "stages.concepts.senses", $"{options.Senses} is not one of 1, 2, 3");
        }

        if (options.VlmFallback && options.Provider is not ("ollama" or "openai"))
        {
            throw new ConfigException(StageFile, "stages.concepts.provider", $"'{options.Provider}' is not one of ollama, openai");
        }

        if (options.VlmFallback && (options.MaxParallel < 1 || options.ReplyAttempts < 1 || options.Retries < 0 || options.TimeoutS <= 0))
        {
            throw new ConfigException(StageFile, "stages.concepts", "max_parallel and reply_attempts must be at least 1, retries at least 0, timeout_s positive");
        }
    }

    private static VlmGateway CreateGateway(ConceptsOptions options, StageSetupContext context)
    {
        var endpoint = new VlmEndpointOptions
        {
            Kind = options.Provider,
            Url = options.Endpoint,
            Model = options.Model,
            ApiKey = string.IsNullOrEmpty(options.ApiKeyEnv) ? null : Environment.GetEnvironmentVariable(options.ApiKeyEnv),
        };
        var resilience = new VlmResilienceOptions
        {
            AttemptTimeout = TimeSpan.FromSeconds(options.TimeoutS),
            MaxRetries = options.Retries,
            MaxParallel = options.MaxParallel,
            ReplyAttempts = options.ReplyAttempts,
        };
        return VlmGateway.Create(endpoint, resilience, context.Logger, context.Time);
    }
}
