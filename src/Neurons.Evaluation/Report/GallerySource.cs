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
        return new GalleryClip
        {
            ClipId = clip.ClipId,
            Frames = clip.DecodeFrames(),
            Width = clip.Width,
            Height = clip.Height,
            KeyMasks = key is null ? ReadOnlyMemory<byte>.Empty : Unpack(key),
            MaskWidth = key?.Width ?? 0,
            MaskHeight = key?.Height ?? 0,
            KeyObject = key?.KeyObject ?? string.Empty,
            Caption = captions.GetValueOrDefault(clip.ClipId, string.Empty),
            Concepts = concepts.GetValueOrDefault(clip.ClipId, []),
            Metrics = metrics.GetValueOrDefault(clip.ClipId) ?? [],
            Decodings = decoded.GetValueOrDefault(clip.ClipId) ?? [],
        };
    }

    private static byte[] Unpack(KeyObjectRow row)
    {
        var pixels = row.Width * row.Height;
        if (row.FrameCount != ClipRow.FrameCount || row.Masks.Count != row.FrameCount)
        {
            throw new InvalidDataException($"keyobjects: clip {row.ClipId} has {row.Masks.Count} masks for {row.FrameCount} frames of {row.Width}x{row.Height} (expected {ClipRow.FrameCount})");
        }

        var result = new byte[ClipRow.FrameCount * pixels];
        for (var f = 0; f < row.FrameCount; f++)
        {
            var bits = row.DecodeMask(f);
            for (var i = 0; i < pixels; i++)
            {
                result[(f * pixels) + i] = bits[i] ? (byte)1 : (byte)0;
            }
        }

        return result;
    }
}
