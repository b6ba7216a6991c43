using Neurons.Data.Tables;
using Neurons.Evaluation.Models;
using Neurons.Evaluation.Segmentation;

namespace Neurons.Evaluation.Runs;

/// <summary>One clip's predictions in the form the metrics take: frames, caption, masks at 64², concept probabilities.</summary>
/// <param name="Frames">The predicted frames (six), or null.</param>
/// <param name="Caption">The predicted caption, or null.</param>
/// <param name="Mask">The predicted masks of all frames, nearest-resized to 64² (frame-major), or null.</param>
/// <param name="ConceptScores">The predicted concept probabilities, or null.</param>
public sealed record PredictedOutputs(IReadOnlyList<RgbFrame>? Frames, string? Caption, bool[]? Mask, IReadOnlyList<double>? ConceptScores)
{
    /// <summary>Reads the <c>decoded</c> shards: per subject, per clip id, the clip's predictions (a later row of a clip wins).</summary>
    /// <exception cref="InvalidDataException">A row's arrays do not match its sizes.</exception>
    public static async Task<Dictionary<int, Dictionary<string, PredictedOutputs>>> ReadDecodedAsync(IEnumerable<string> shardPaths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shardPaths);
        var decoded = new Dictionary<int, Dictionary<string, PredictedOutputs>>();
        foreach (var path in shardPaths)
        {
            foreach (var row in await ParquetRows.ReadAsync<DecodedRow>(path, cancellationToken).ConfigureAwait(false))
            {
                if (!decoded.TryGetValue(row.Subject, out var clips))
                {
                    clips = new Dictionary<string, PredictedOutputs>(StringComparer.Ordinal);
                    decoded[row.Subject] = clips;
                }

                clips[row.ClipId] = FromDecoded(row, path);
            }
        }

        return decoded;
    }

    /// <summary>Reads a <c>decoded</c> row: blurry frames, greedy caption, masks and sigmoid concept scores.</summary>
    /// <exception cref="InvalidDataException">The row's arrays do not match its sizes.</exception>
    public static PredictedOutputs FromDecoded(DecodedRow row, string where)
    {
        ArgumentNullException.ThrowIfNull(row);
        const int size = MaskResize.EvaluationSize;
        var plane = row.MaskSize * row.MaskSize;
        if (row.Masks.Count != ClipRow.FrameCount)
        {
            throw new InvalidDataException($"{where}: subject {row.Subject} clip {row.ClipId} has {row.Masks.Count} masks, expected {ClipRow.FrameCount} of {row.MaskSize}²");
        }

        var masks = row.DecodeMasks();

        var mask = new bool[ClipRow.FrameCount * size * size];
        for (var f = 0; f < ClipRow.FrameCount; f++)
        {
            var bits = masks.AsSpan(f * plane, plane).ToArray().Select(b => b != 0).ToArray();
            MaskResize.Nearest(bits, row.MaskSize, row.MaskSize, size, size).CopyTo(mask, f * size * size);
        }

        return new PredictedOutputs(
            RgbFrame.SplitClip(row.DecodeBlurryFrames(), ClipRow.FrameCount, row.Width, row.Height),
            row.Caption,
            mask,
            row.ConceptScores.Select(s => (double)s).ToList());
    }
}
