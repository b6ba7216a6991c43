using System.Globalization;
using System.Runtime.CompilerServices;
using Neurons.Data.Tables;

namespace Neurons.Evaluation.Report;

/// <summary>
/// Streams the gallery clips of a split, a row group of <c>clips</c> at a time, joined with their caption,
/// concepts, key-object masks, per-clip metrics and decoded outputs; with the readers of the per-clip metrics and
/// decoded outputs it joins.
/// </summary>
public sealed class GallerySource
{
    private const int Frames = ClipRow.FrameCount;
    private readonly Dictionary<string, string> captions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> concepts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KeyObjectRow> keyObjects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, double>> metrics;
    private readonly Dictionary<string, List<GalleryDecoding>> decoded;

    /// <summary>Initializes a new instance of the <see cref="GallerySource"/> class from the tables' rows.</summary>
    /// <param name="annotations">The <c>annotations</c> rows (one caption per clip: its key frame's, else its first).</param>
    /// <param name="conceptRows">The <c>concepts</c> rows.</param>
    /// <param name="keyObjectRows">The <c>keyobjects</c> rows.</param>
    /// <param name="metrics">Per clip, its per-clip metric values (<see cref="ReadClipMetricsAsync"/>).</param>
    /// <param name="decoded">Per clip, what each subject decoded (<see cref="ReadDecodedAsync"/>).</param>
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

    /// <summary>Reads the per-clip rows of the <c>metrics</c> shards: per clip, per metric (and variant), the mean of its finite values (frame rows averaged).</summary>
    public static async Task<Dictionary<string, Dictionary<string, double>>> ReadClipMetricsAsync(IEnumerable<string> shardPaths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shardPaths);
        var sums = new Dictionary<string, Dictionary<string, (double Sum, int Count)>>(StringComparer.Ordinal);
        foreach (var path in shardPaths)
        {
            foreach (var row in await ParquetRows.ReadAsync<MetricRow>(path, cancellationToken).ConfigureAwait(false))
            {
                if (row.Level == MetricRow.AggregateLevel || row.ClipId.Length == 0 || !double.IsFinite(row.Value))
                {
                    continue;
                }

                // Frame rows are averaged into one value per clip.
                var name = row.Variant.Length == 0 ? row.Metric : $"{row.Metric} {row.Variant}";
                if (!sums.TryGetValue(row.ClipId, out var clip))
                {
                    sums[row.ClipId] = clip = new Dictionary<string, (double, int)>(StringComparer.Ordinal);
                }

                var (sum, count) = clip.GetValueOrDefault(name);
                clip[name] = (sum + row.Value, count + 1);
            }
        }

        return sums.ToDictionary(c => c.Key, c => c.Value.ToDictionary(m => m.Key, m => m.Value.Sum / m.Value.Count, StringComparer.Ordinal), StringComparer.Ordinal);
    }

    /// <summary>Returns the concept names by index that the <c>concepts</c> rows reveal (each row lists the names of its set labels in index order).</summary>
    public static Dictionary<int, string> ConceptNames(IEnumerable<ConceptRow> concepts)
    {
        ArgumentNullException.ThrowIfNull(concepts);
        var names = new Dictionary<int, string>();
        foreach (var row in concepts.Where(r => r.Status == "ok"))
        {
            var set = row.MultiHot.Select((v, i) => (v, i)).Where(p => p.v != 0).Select(p => p.i).ToList();
            if (set.Count == row.Concepts.Count)
            {
                for (var k = 0; k < set.Count; k++)
                {
                    names.TryAdd(set[k], row.Concepts[k]);
                }
            }
        }

        return names;
    }

    /// <summary>
    /// Reads the <c>decoded</c> shards: per clip, each subject's caption, named concept scores, masks and blurry frames
    /// (empty when their sizes do not match), with the generated video whose name starts <c>s&lt;subject&gt;_&lt;clip&gt;</c>.
    /// </summary>
    /// <param name="shardPaths">The <c>decoded</c> shards.</param>
    /// <param name="videos">Generated video files by name without extension.</param>
    /// <param name="conceptNames">Concept names by index (<c>concept_&lt;i&gt;</c> for the others).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public static async Task<Dictionary<string, List<GalleryDecoding>>> ReadDecodedAsync(
        IEnumerable<string> shardPaths, IReadOnlyDictionary<string, string> videos, IReadOnlyDictionary<int, string> conceptNames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shardPaths);
        ArgumentNullException.ThrowIfNull(videos);
        ArgumentNullException.ThrowIfNull(conceptNames);
        var result = new Dictionary<string, List<GalleryDecoding>>(StringComparer.Ordinal);
        foreach (var path in shardPaths)
        {
            foreach (var row in await ParquetRows.ReadAsync<ReportDecodedRow>(path, cancellationToken).ConfigureAwait(false))
            {
                var prefix = string.Create(CultureInfo.InvariantCulture, $"s{row.Subject}_{row.ClipId}");
                var video = videos.Where(v => v.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(v => v.Value).FirstOrDefault();
                if (!result.TryGetValue(row.ClipId, out var list))
                {
                    result[row.ClipId] = list = [];
                }

                list.Add(new GalleryDecoding
                {
                    Subject = row.Subject,
                    Caption = row.Caption,
                    ConceptScores = [.. row.ConceptScores.Select((s, i) => new KeyValuePair<string, double>(conceptNames.GetValueOrDefault(i, string.Create(CultureInfo.InvariantCulture, $"concept_{i}")), s))],
                    Masks = row.Masks.Length == Frames * row.MaskSize * row.MaskSize && row.MaskSize > 0 ? row.Masks : ReadOnlyMemory<byte>.Empty,
                    MaskSize = row.MaskSize,
                    BlurryFrames = row.BlurryFrames.Length == Frames * row.Width * row.Height * 3 && row.Width > 0 ? row.BlurryFrames : ReadOnlyMemory<byte>.Empty,
                    Width = row.Width,
                    Height = row.Height,
                    VideoFile = video,
                });
            }
        }

        return result;
    }

    private GalleryClip Clip(ClipRow clip)
    {
        var key = keyObjects.GetValueOrDefault(clip.ClipId);
        return new GalleryClip
        {
            ClipId = clip.ClipId,
            Frames = clip.Frames,
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
        var block = (pixels + 7) / 8;
        if (row.FrameCount != ClipRow.FrameCount || row.Masks.Length != row.FrameCount * block)
        {
            throw new InvalidDataException($"keyobjects: clip {row.ClipId} has {row.Masks.Length} mask bytes for {row.FrameCount} frames of {row.Width}x{row.Height} (expected {ClipRow.FrameCount} x {block})");
        }

        var result = new byte[ClipRow.FrameCount * pixels];
        for (var f = 0; f < row.FrameCount; f++)
        {
            var bits = MaskBits.Unpack(row.Masks.AsSpan(f * block, block), pixels);
            for (var i = 0; i < pixels; i++)
            {
                result[(f * pixels) + i] = bits[i] ? (byte)1 : (byte)0;
            }
        }

        return result;
    }
}
