using System.Globalization;
using Neurons.Data.Tables;

namespace Neurons.Evaluation.Report;

/// <summary>The readers of what the gallery joins to each clip: per-clip metric means, concept names, decoded outputs.</summary>
public static class GalleryTables
{
    private const int Frames = ClipRow.FrameCount;

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
    /// Reads the <c>decoded</c> shards: per clip, each subject's caption, named concept scores, and its masks and blurry
    /// frames as the committed PNG cells (not decoded; empty when a row does not hold six), with the generated video whose
    /// name is (or starts) <c>s&lt;subject&gt;_&lt;clip&gt;</c>.
    /// </summary>
    /// <param name="shardPaths">The <c>decoded</c> shards.</param>
    /// <param name="videos">Generated video files by name without extension.</param>
    /// <param name="files">The decode stage's committed files by name (<c>s&lt;subject&gt;_&lt;clip&gt;_blurry_f&lt;k&gt;.png</c>, <c>…_mask_f&lt;k&gt;.png</c>): a frame or mask found here is linked from its file, the others are written from the row's cell (the same PNG bytes).</param>
    /// <param name="conceptNames">Concept names by index (<c>concept_&lt;i&gt;</c> for the others).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public static async Task<Dictionary<string, List<GalleryDecoding>>> ReadDecodedAsync(
        IEnumerable<string> shardPaths, IReadOnlyDictionary<string, string> videos, IReadOnlyDictionary<int, string> conceptNames, IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shardPaths);
        ArgumentNullException.ThrowIfNull(videos);
        ArgumentNullException.ThrowIfNull(conceptNames);
        ArgumentNullException.ThrowIfNull(files);
        var result = new Dictionary<string, List<GalleryDecoding>>(StringComparer.Ordinal);
        foreach (var path in shardPaths)
        {
            foreach (var row in await ParquetRows.ReadAsync<ReportDecodedRow>(path, cancellationToken).ConfigureAwait(false))
            {
                var prefix = string.Create(CultureInfo.InvariantCulture, $"s{row.Subject}_{row.ClipId}");
                var video = videos.TryGetValue(prefix, out var exact) ? exact : videos.Where(v => v.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(v => v.Value).FirstOrDefault();
                if (!result.TryGetValue(row.ClipId, out var list))
                {
                    result[row.ClipId] = list = [];
                }

                list.Add(new GalleryDecoding
                {
                    Subject = row.Subject,
                    Caption = row.Caption,
                    ConceptScores = [.. row.ConceptScores.Select((s, i) => new KeyValuePair<string, double>(conceptNames.GetValueOrDefault(i, string.Create(CultureInfo.InvariantCulture, $"concept_{i}")), s))],
                    Masks = row.Masks.Count == Frames && row.MaskSize > 0 ? Media(row.Masks, prefix + "_mask_f", files) : [],
                    BlurryFrames = row.BlurryFrames.Count == Frames && row.Width > 0 ? Media(row.BlurryFrames, prefix + "_blurry_f", files) : [],
                    Video = video is null ? null : GalleryMedia.Committed(video),
                });
            }
        }

        return result;
    }

    private static List<GalleryMedia> Media(List<TableImage> cells, string stem, IReadOnlyDictionary<string, string> files) =>
        [.. cells.Select((cell, f) => files.TryGetValue(string.Create(CultureInfo.InvariantCulture, $"{stem}{f}.png"), out var file) ? GalleryMedia.Committed(file) : GalleryMedia.Png(cell.Bytes))];
}
