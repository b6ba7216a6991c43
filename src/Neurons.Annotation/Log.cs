using Microsoft.Extensions.Logging;

namespace Neurons.Annotation;

/// <summary>
/// The log messages of Neurons.Annotation. Event ids: 1000–1999 VLM annotation and its cache;
/// 2000–2999 reserved for WordNet, concepts and key objects.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Warning, Message = "VLM request to {Endpoint} failed ({Reason}); retry {Attempt} in {DelayMs} ms")]
    public static partial void VlmRequestRetrying(ILogger logger, string endpoint, string reason, int attempt, double delayMs);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "circuit to {Endpoint} opened for {BreakSeconds} s after {Reason}")]
    public static partial void VlmCircuitOpened(ILogger logger, string endpoint, double breakSeconds, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "circuit to {Endpoint} closed again")]
    public static partial void VlmCircuitClosed(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "{ClipId} frame {Frame}: {Prompt} reply invalid (attempt {Attempt} of {Attempts}): {Reason}")]
    public static partial void VlmReplyInvalid(ILogger logger, string clipId, int frame, string prompt, int attempt, int attempts, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "{ClipId} frame {Frame} failed: {Reason}")]
    public static partial void AnnotationFailed(ILogger logger, string clipId, int frame, string reason);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "annotated {Rows} rows with {Provider} {Model}: {Ok} ok, {Failed} failed, {Requests} requests, {CacheHits} cache hits")]
    public static partial void AnnotationRunFinished(ILogger logger, int rows, string provider, string model, int ok, int failed, int requests, int cacheHits);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "imported {Count} annotations from {File}")]
    public static partial void AnnotationsImported(ILogger logger, int count, string file);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "reply cache entry {Key} no longer validates and is ignored: {Reason}")]
    public static partial void CachedReplyInvalid(ILogger logger, string key, string reason);

    [LoggerMessage(EventId = 2000, Level = LogLevel.Warning, Message = "concept fallback for '{Name}': reply refused (attempt {Attempt} of {Attempts}): {Reason}")]
    public static partial void ConceptReplyRefused(ILogger logger, string name, int attempt, int attempts, string reason);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "concept fallback for '{Name}' failed: {Reason}")]
    public static partial void ConceptFallbackFailed(ILogger logger, string name, string reason);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "concept fallback with {Provider} {Model}: {Names} names, {Answered} answered, {Refused} replies refused, {Failed} failed, {Requests} requests, {CacheHits} cache hits")]
    public static partial void ConceptFallbackFinished(ILogger logger, string provider, string model, int names, int answered, int refused, int failed, int requests, int cacheHits);
}
