using System.Globalization;
using Neurons.Data.Tables;
using Neurons.Evaluation.Models;
using Neurons.Evaluation.Segmentation;

namespace Neurons.Evaluation.Runs;

/// <summary>
/// The ground truth of one split as the metrics take it: one caption per clip (<c>annotations</c>), the key-object
/// masks of all frames at 64² (<c>keyobjects</c>; when the split has none, the union of the clip's object masks per
/// frame from <c>masks</c>), the concept labels and names (<c>concepts</c>); and the <see cref="EvaluationClip"/>
/// of a clip, compared with itself or with a prediction.
/// </summary>
public sealed class GroundTruth
{
    private GroundTruth(
        Dictionary<string, string> captions,
        Dictionary<string, bool[]> masks,
        bool masksFromObjects,
        Dictionary<string, IReadOnlyList<bool>> concepts,
        IReadOnlyList<string> conceptNames)
    {
        Captions = captions;
        Masks = masks;
        MasksFromObjects = masksFromObjects;
        Concepts = concepts;
        ConceptNames = conceptNames;
    }

    /// <summary>Gets the caption of each clip: its <c>ok</c> annotation of key frame 2, else its first.</summary>
    public IReadOnlyDictionary<string, string> Captions { get; }

    /// <summary>Gets the masks of each clip: six frames at 64², frame-major.</summary>
    public IReadOnlyDictionary<string, bool[]> Masks { get; }

    /// <summary>Gets a value indicating whether the masks are the union of the <c>masks</c> table's object masks (no <c>keyobjects</c> rows).</summary>
    public bool MasksFromObjects { get; }

    /// <summary>Gets the concept labels of each clip (<c>ok</c> rows).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<bool>> Concepts { get; }

    /// <summary>Gets the concept names by index (<c>concept_&lt;i&gt;</c> where no row names one).</summary>
    public IReadOnlyList<string> ConceptNames { get; }

    /// <summary>Reads the ground truth from the shards of one split.</summary>
    /// <param name="annotations">The <c>annotations</c> shards.</param>
    /// <param name="keyObjects">The <c>keyobjects</c> shards.</param>
    /// <param name="masks">The <c>masks</c> shards (read only when the key-object shards hold no row).</param>
    /// <param name="concepts">The <c>concepts</c> shards.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <exception cref="InvalidDataException">A mask row does not match its sizes or frame.</exception>
    public static async Task<GroundTruth> ReadAsync(
        IEnumerable<string> annotations, IEnumerable<string> keyObjects, IEnumerable<string> masks, IEnumerable<string> concepts, CancellationToken cancellationToken)
    {
        var captions = await ReadCaptionsAsync(annotations, cancellationToken).ConfigureAwait(false);
        var clipMasks = await ReadKeyObjectMasksAsync(keyObjects, cancellationToken).ConfigureAwait(false);
        var fromObjects = false;
        if (clipMasks.Count == 0)
        {
            clipMasks = await ReadMasksAsync(masks, cancellationToken).ConfigureAwait(false);
            fromObjects = clipMasks.Count > 0;
        }

        var (labels, names) = await ReadConceptsAsync(concepts, cancellationToken).ConfigureAwait(false);
        return new GroundTruth(captions, clipMasks, fromObjects, labels, names);
    }

    /// <summary>The clip scored against itself (<c>gt_vs_gt</c>); a clip without masks gets empty ones when the split has masks.</summary>
    public EvaluationClip Clip(ClipRow clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var frames = RgbFrame.SplitClip(clip.DecodeFrames(), ClipRow.FrameCount, clip.Width, clip.Height);
        var caption = Captions.GetValueOrDefault(clip.ClipId);
        var mask = Masks.TryGetValue(clip.ClipId, out var m) ? m : Masks.Count > 0 ? new bool[ClipRow.FrameCount * MaskResize.EvaluationSize * MaskResize.EvaluationSize] : null;
        var labels = Concepts.GetValueOrDefault(clip.ClipId);
        return new EvaluationClip
        {
            ClipId = clip.ClipId,
            Index = clip.SplitIndex,
            TruthFrames = frames,
            PredictionFrames = frames,
            TruthCaption = caption,
            PredictionCaption = caption,
            TruthMask = mask,
            PredictionMask = mask,
            TruthConcepts = labels,
            PredictionConcepts = labels?.Select(l => l ? 1.0 : 0.0).ToList(),
        };
    }

    /// <summary>The clip's ground truth against a prediction; a metric without ground truth gets no prediction either.</summary>
    public EvaluationClip Predicted(ClipRow clip, PredictedOutputs predicted)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        var truth = Clip(clip);
        return truth with
        {
            PredictionFrames = predicted.Frames,
            PredictionCaption = truth.TruthCaption is null ? null : predicted.Caption,
            PredictionMask = truth.TruthMask is null ? null : predicted.Mask,
            PredictionConcepts = truth.TruthConcepts is null ? null : predicted.ConceptScores,
        };
    }

    private static async Task<Dictionary<string, bool[]>> ReadKeyObjectMasksAsync(IEnumerable<string> shards, CancellationToken cancellationToken)
    {
        const int size = MaskResize.EvaluationSize;
        var result = new Dictionary<string, bool[]>(StringComparer.Ordinal);
        foreach (var shard in shards)
        {
            foreach (var row in await ParquetRows.ReadAsync<KeyObjectRow>(shard, cancellationToken).ConfigureAwait(false))
            {
                if (row.Masks.Count != row.FrameCount || row.FrameCount != ClipRow.FrameCount)
                {
                    throw new InvalidDataException($"{shard}: clip {row.ClipId} has {row.Masks.Count} masks, expected {ClipRow.FrameCount} frames");
                }

                var clipMask = new bool[ClipRow.FrameCount * size * size];
                for (var f = 0; f < ClipRow.FrameCount; f++)
                {
                    var bits = row.DecodeMask(f);
                    MaskResize.Nearest(bits, row.Width, row.Height, size, size).CopyTo(clipMask, f * size * size);
                }

                result[row.ClipId] = clipMask;
            }
        }

        return result;
    }

    private static async Task<Dictionary<string, string>> ReadCaptionsAsync(IEnumerable<string> shards, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var shard in shards)
        {
            var rows = await ParquetRows.ReadAsync<AnnotationRow>(shard, cancellationToken).ConfigureAwait(false);
            foreach (var clip in rows.Where(r => r.Status == "ok" && r.Caption.Length > 0).GroupBy(r => r.ClipId, StringComparer.Ordinal))
            {
                // One caption per clip: the key frame (2) when every frame was annotated.
                result[clip.Key] = (clip.FirstOrDefault(r => r.Frame == 2) ?? clip.First()).Caption;
            }
        }

        return result;
    }

    private static async Task<Dictionary<string, bool[]>> ReadMasksAsync(IEnumerable<string> shards, CancellationToken cancellationToken)
    {
        const int size = MaskResize.EvaluationSize;
        var result = new Dictionary<string, bool[]>(StringComparer.Ordinal);
        foreach (var shard in shards)
        {
            var rows = await ParquetRows.ReadAsync<MaskRow>(shard, cancellationToken).ConfigureAwait(false);
            foreach (var row in rows)
            {
                if (row.Frame is < 0 or >= ClipRow.FrameCount)
                {
                    throw new InvalidDataException($"{shard}: clip {row.ClipId} has a mask for frame {row.Frame} (frames are 0-5)");
                }

                if (!result.TryGetValue(row.ClipId, out var clipMask))
                {
                    clipMask = new bool[ClipRow.FrameCount * size * size];
                    result[row.ClipId] = clipMask;
                }

                var bits = row.DecodeMask();
                var resized = MaskResize.Nearest(bits, row.Width, row.Height, size, size);
                for (var i = 0; i < resized.Length; i++)
                {
                    clipMask[(row.Frame * size * size) + i] |= resized[i];
                }
            }
        }

        return result;
    }

    private static async Task<(Dictionary<string, IReadOnlyList<bool>> Labels, IReadOnlyList<string> Names)> ReadConceptsAsync(IEnumerable<string> shards, CancellationToken cancellationToken)
    {
        var labels = new Dictionary<string, IReadOnlyList<bool>>(StringComparer.Ordinal);
        var names = new Dictionary<int, string>();
        foreach (var shard in shards)
        {
            var rows = await ParquetRows.ReadAsync<ConceptRow>(shard, cancellationToken).ConfigureAwait(false);
            foreach (var row in rows.Where(r => r.Status == "ok"))
            {
                labels[row.ClipId] = row.MultiHot.Select(v => v != 0).ToList();

                // concepts lists the names of the set labels in index order.
                var set = row.MultiHot.Select((v, i) => (v, i)).Where(p => p.v != 0).Select(p => p.i).ToList();
                if (set.Count == row.Concepts.Count)
                {
                    for (var k = 0; k < set.Count; k++)
                    {
                        names.TryAdd(set[k], row.Concepts[k]);
                    }
                }
            }
        }

        var count = labels.Values.Select(l => l.Count).DefaultIfEmpty(0).Max();
        var ordered = Enumerable.Range(0, count)
            .Select(i => names.TryGetValue(i, out var n) ? n : string.Create(CultureInfo.InvariantCulture, $"concept_{i}"))
            .ToList();
        return (labels, ordered);
    }
}
