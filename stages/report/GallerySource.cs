using System.Runtime.CompilerServices;
using Neurons.Data.Tables;
using Neurons.Engine.Stages;
using Neurons.Evaluation.Report;

namespace Neurons.Stages.Report;

/// <summary>
/// Streams the gallery clips of a split, a row group of <c>clips</c> at a time, joined with their caption,
/// concepts, key-object masks, per-clip metrics and decoded outputs.
/// </summary>
internal sealed class GallerySource
{
    private readonly Dictionary<string, string> captions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> concepts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KeyObjectRow> keyObjects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, double>> metrics;
    private readonly Dictionary<string, List<GalleryDecoding>> decoded;

    public GallerySource(
        IReadOnlyList<AnnotationRow> annotations,
        IReadOnlyList<ConceptRow> conceptRows,
        IReadOnlyList<KeyObjectRow> keyObjectRows,
        Dictionary<string, Dictionary<string, double>> metrics,
        Dictionary<string, List<GalleryDecoding>> decoded)
    {
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

    public async IAsyncEnumerable<GalleryClip> ClipsAsync(IReadOnlyList<InputShard> shards, IProgress<double> progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var total = Math.Max(1, shards.Sum(s => s.Rows));
        foreach (var shard in shards.OrderBy(s => s.Shard.Name, StringComparer.Ordinal))
        {
            await foreach (var group in ParquetRows.ReadRowGroupsAsync<ClipRow>(shard.Path, cancellationToken).ConfigureAwait(false))
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
