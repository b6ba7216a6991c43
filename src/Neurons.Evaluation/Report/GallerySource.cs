using System.Runtime.CompilerServices;
using Neurons.Data.Tables;

namespace Neurons.Evaluation.Report;

/// <summary>
/// Streams the gallery clips of a split, a row group of <c>clips</c> at a time, joined with their caption,
/// concepts, key-object masks, per-clip metrics and decoded outputs (read by <see cref="GalleryTables"/>).
/// </summary>
public sealed class GallerySource
{
    private readonly Dictionary<string, string> captions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> concepts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KeyObjectRow> keyObjects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, double>> metrics;
    private readonly Dictionary<string, List<GalleryDecoding>> decoded;

    /// <summary>Initializes a new instance of the <see cref="GallerySource"/> class from the tables' rows.</summary>
    /// <param name="annotations">The <c>annotations</c> rows (one caption per clip: its key frame's, else its first).</param>
    /// <param name="conceptRows">The <c>concepts</c> rows.</param>
    /// <param name="keyObjectRows">The <c>keyobjects</c> rows.</param>
    /// <param name="metrics">Per clip, its per-clip metric values (<see cref="GalleryTables.ReadClipMetricsAsync"/>).</param>
    /// <param name="decoded">Per clip, what each subject decoded (<see cref="GalleryTables.ReadDecodedAsync"/>).</param>
    public GallerySource(
        IReadOnlyList<AnnotationRow> annotations,
        IReadOnlyList<ConceptRow> conceptRows,
        IReadOnlyList<KeyObjectRow> keyObjectRows,
        Dictionary<string, Dictionary<string, double>> metrics,
        Dictionary<string, List<GalleryDecoding>> decoded)
    {
        ArgumentNullException.ThrowIfNull(annotations);
        ArgumentNullException.ThrowIfNull(conceptRows);
        ArgumentNullException.ThrowIfNull(keyObjectRows);
        foreach (var clip in annotations.Where(r => r.Status == "ok" && r.Caption.Length > 0).GroupBy(r => r.ClipId, StringComparer.Ordinal))
        {
            // One caption per clip: the key frame (2) when every frame was annotated, as evaluate does.
            captions[clip.Key] = (clip.FirstOrDefault(r => r.Frame == 2) ?? clip.First()).Caption;
        }

        foreach (var row in conceptRows.Where(r => r.Status == "ok"))
        {
            concepts[row.ClipId] = row.Concepts;
        }

        foreach (var row in keyObjectRows)
        {
            keyObjects[row.ClipId] = row;
        }

        this.metrics = metrics;
        this.decoded = decoded;
    }

    /// <summary>Gets the number of clips streamed so far.</summary>
    public int Written { get; private set; }

    /// <summary>Streams the clips of the <c>clips</c> shards at <paramref name="shardPaths"/> (in that order; each in split order), reporting progress against <paramref name="totalRows"/>.</summary>
    public async IAsyncEnumerable<GalleryClip> ClipsAsync(IReadOnlyList<string> shardPaths, long totalRows, IProgress<double> progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shardPaths);
        ArgumentNullException.ThrowIfNull(progress);
        var total = Math.Max(1, totalRows);
        foreach (var shard in shardPaths)
        {
            await foreach (var group in ParquetRows.ReadRowGroupsAsync<ClipRow>(shard, cancellationToken).ConfigureAwait(false))
            {
                foreach (var clip in group.OrderBy(c => c.SplitIndex))
                {
                    yield return Clip(clip);
                    Written++;
                    progress.Report((double)Written / total);
                }
            }
        }
    }

    private GalleryClip Clip(ClipRow clip)
    {
        var key = keyObjects.GetValueOrDefault(clip.ClipId);
        if (key is not null && (key.FrameCount != ClipRow.FrameCount || key.Masks.Count != key.FrameCount))
        {
            throw new InvalidDataException($"keyobjects: clip {key.ClipId} has {key.Masks.Count} masks for {key.FrameCount} frames of {key.Width}x{key.Height} (expected {ClipRow.FrameCount})");
        }

        // The committed PNG cells as they are: nothing is decoded or re-encoded.
        return new GalleryClip
        {
            ClipId = clip.ClipId,
            Frames = [.. clip.Frames.Select(f => GalleryMedia.Png(f.Bytes))],
            KeyMasks = key is null ? [] : [.. key.Masks.Select(m => GalleryMedia.Png(m.Bytes))],
            KeyObject = key?.KeyObject ?? string.Empty,
            Caption = captions.GetValueOrDefault(clip.ClipId, string.Empty),
            Concepts = concepts.GetValueOrDefault(clip.ClipId, []),
            Metrics = metrics.GetValueOrDefault(clip.ClipId) ?? [],
            Decodings = decoded.GetValueOrDefault(clip.ClipId) ?? [],
        };
    }
}
