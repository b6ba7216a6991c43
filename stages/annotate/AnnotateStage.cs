using System.Globalization;
using Neurons.Annotation.Cache;
using Neurons.Annotation.Vlm;
using Neurons.Data.Tables;
using Neurons.Engine.Stages;

namespace Neurons.Stages.Annotate;

/// <summary>
/// The <c>annotate</c> stage: reads a shard of <c>clips</c>, asks a VLM (or imports a release file) for a
/// caption and an object list per clip key frame (or per frame) and writes <c>annotations</c>, failed rows
/// included with their reason. Fails the shard when the failed fraction exceeds <c>failure_threshold</c>
/// (answered requests stay in the reply cache, so the rerun asks only for what failed).
/// The endpoint gateway (in-flight bound, circuit breaker) is created once per run in <see cref="SetupAsync"/>,
/// shared by the run's work items and disposed in <see cref="Teardown"/>.
/// </summary>
public sealed class AnnotateStage : IStage
{
    private VlmGateway? gateway;

    /// <inheritdoc/>
    public string Name => "annotate";

    /// <inheritdoc/>
    public IReadOnlyList<ParameterError> ValidateParameters(StageParameters parameters)
    {
        var errors = OptionsValidation.Validate<AnnotateOptions>(parameters).ToList();
        var options = parameters.Bind<AnnotateOptions>();
        if (options.Provider != "import"
            && !(Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "http" or "https"))
        {
            errors.Add(new ParameterError("endpoint", $"'{options.Endpoint}' is not an http(s) URL such as http://127.0.0.1:11434"));
        }

        return errors;
    }

    /// <inheritdoc/>
    public async Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.BindParameters<AnnotateOptions>();

        AnnotationPrompts? prompts = null;
        if (options.Provider != "import")
        {
            // Configuration first, then a dead endpoint fails the stage in seconds, before any clip is read.
            prompts = AnnotationPrompts.Load(options.Prompts);
            await Gateway().EnsureReachableAsync(cancellationToken).ConfigureAwait(false);
        }

        var input = context.SingleInput("clips");
        var clips = await ParquetRows.ReadAsync<ClipRow>(input.Path, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<int> frames = options.Frames == "all"
            ? Enumerable.Range(0, ClipRow.FrameCount).ToArray()
            : [options.KeyFrame];

        VlmReplyCache? cache = null;
        try
        {
            IAnnotationProvider provider;
            if (options.Provider == "import")
            {
                var file = Path.Combine(context.DatasetRoot, options.ImportFile.Replace("{split}", context.Shard.Split, StringComparison.Ordinal));
                provider = await ImportAnnotationProvider.LoadAsync(file, context.Shard.Split, context.Logger, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var gateway = Gateway();
                cache = VlmReplyCache.Open(Path.Combine(context.CacheDirectory, VlmReplyCache.FileName), context.Time);
                provider = new VlmAnnotationProvider(gateway, prompts!.Caption, prompts.Objects, GenerationOptions(options), cache, context.Logger);
            }

            var result = await AnnotationRunner.RunAsync(
                clips,
                frames,
                provider,
                parallelism: options.MaxParallel * 2,
                context.Logger,
                context.Progress,
                cancellationToken).ConfigureAwait(false);

            if (result.FailureFraction > options.FailureThreshold)
            {
                var first = result.FirstFailure!;
                throw new InvalidOperationException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"annotations {context.Shard.Name}: {result.Failed} of {result.Rows.Count} rows failed ({result.FailureFraction:P1} > failure_threshold {options.FailureThreshold:P1}); first: {first.ClipId} frame {first.Frame}: {first.Error}"));
            }

            var output = context.Output("annotations");
            await ParquetRows.WriteAsync(output.Path, result.Rows, cancellationToken).ConfigureAwait(false);
            output.Rows = result.Rows.Count;
            output.Metadata["provider"] = provider.Kind;
            output.Metadata["model"] = provider.Model;
            output.Metadata["prompt_hash"] = provider.PromptHash;
            output.Metadata["ok"] = result.Ok;
            output.Metadata["failed"] = result.Failed;
            output.Metadata["requests"] = result.Requests;
            output.Metadata["cache_hits"] = result.CacheHits;
            output.Metadata[OutputShard.RetryFailedKey] = result.Failed > 0;
        }
        finally
        {
            cache?.Dispose();
        }
    }

    /// <inheritdoc/>
    public Task SetupAsync(StageSetupContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.BindParameters<AnnotateOptions>();
        if (options.Provider != "import")
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

    private static VlmGenerationOptions GenerationOptions(AnnotateOptions options) => new()
    {
        Temperature = options.Temperature,
        Seed = options.Seed,
        NumCtx = options.NumCtx,
        MaxTokens = options.MaxTokens,
    };

    private static VlmGateway CreateGateway(AnnotateOptions options, StageSetupContext context)
    {
        var endpoint = new VlmEndpointOptions
        {
            Kind = options.Provider,
            Url = options.Endpoint,
            Model = options.Model,
            KeepAlive = options.KeepAlive,
            Stream = options.Stream,
            ApiKey = string.IsNullOrEmpty(options.ApiKeyEnv) ? null : Environment.GetEnvironmentVariable(options.ApiKeyEnv),
        };
        var resilience = new VlmResilienceOptions
        {
            AttemptTimeout = TimeSpan.FromSeconds(options.TimeoutS),
            MaxRetries = options.Retries,
            RetryBaseDelay = TimeSpan.FromSeconds(options.RetryDelayS),
            MaxParallel = options.MaxParallel,
            ReplyAttempts = options.ReplyAttempts,
        };
        return VlmGateway.Create(endpoint, resilience, context.Logger, context.Time);
    }

    private VlmGateway Gateway() =>
        gateway ?? throw new InvalidOperationException("annotate: the VLM gateway is created by SetupAsync, which runs before the first work item (call the stage through StageLifecycle.RunAsync)");
}
