using Microsoft.Extensions.Logging;
using Neurons.Data.Tables;

namespace Neurons.Annotation.Vlm;

/// <summary>Annotates clips with a provider, several frames at once, and turns the outcomes into <c>annotations</c> rows.</summary>
public static class AnnotationRunner
{
    /// <summary>Annotates the given frames of every clip.</summary>
    /// <param name="clips">The clips.</param>
    /// <param name="frames">The frame indices to annotate per clip (the key frame, or all six).</param>
    /// <param name="provider">Where annotations come from.</param>
    /// <param name="parallelism">How many frames are worked on at once (requests in flight are bounded separately by the endpoint's gateway).</param>
    /// <param name="logger">Receives one warning per failed row and a summary.</param>
    /// <param name="progress">Receives the fraction of rows done, or null.</param>
    /// <param name="cancellationToken">Cancels the run (nothing is returned).</param>
    public static async Task<AnnotationRunResult> RunAsync(
        IReadOnlyList<ClipRow> clips,
        IReadOnlyList<int> frames,
        IAnnotationProvider provider,
        int parallelism,
        ILogger logger,
        IProgress<double>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clips);
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(provider);
        var total = clips.Count * frames.Count;
        var rows = new AnnotationRow[total];
        int done = 0, requests = 0, hits = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(parallelism, 1), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, total), parallel, async (index, ct) =>
        {
            var clip = clips[index / frames.Count];
            var frame = frames[index % frames.Count];
            var outcome = await provider.AnnotateAsync(clip, frame, ct).ConfigureAwait(false);
            Interlocked.Add(ref requests, outcome.Requests);
            Interlocked.Add(ref hits, outcome.CacheHits);
            if (!outcome.Succeeded)
            {
                Log.AnnotationFailed(logger, clip.ClipId, frame, outcome.Error!);
            }

            rows[index] = new AnnotationRow
            {
                ClipId = clip.ClipId,
                Frame = frame,
                Caption = outcome.Caption,
                Objects = [.. outcome.Objects],
                Model = provider.Model,
                PromptHash = provider.PromptHash,
                Status = outcome.Succeeded ? AnnotationStatus.Ok : AnnotationStatus.Failed,
                Error = outcome.Error,
            };
            progress?.Report((double)Interlocked.Increment(ref done) / total);
        }).ConfigureAwait(false);

        var failed = rows.Count(r => r.Status == AnnotationStatus.Failed);
        Log.AnnotationRunFinished(logger, total, provider.Kind, provider.Model, total - failed, failed, requests, hits);
        return new AnnotationRunResult(rows, total - failed, failed, requests, hits);
    }
}
