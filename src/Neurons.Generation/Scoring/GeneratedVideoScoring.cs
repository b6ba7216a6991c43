using Neurons.Evaluation.Models;
using Neurons.Evaluation.Runs;
using Neurons.Vision.Imaging;

namespace Neurons.Generation.Scoring;

/// <summary>
/// Scores generated videos with the metrics the blurry frames get: each generated clip becomes an
/// <see cref="EvaluationClip"/> whose ground truth is the clip's six frames resized (bilinear) to the generated
/// size, as the reference resizes GT to 256 before its GIF; feed it to <see cref="MetricsAccumulator"/> as the
/// <c>generated</c> prediction.
/// </summary>
public static class GeneratedVideoScoring
{
    /// <summary>Builds the evaluation clip of one generated video.</summary>
    /// <param name="clipId">The clip id.</param>
    /// <param name="index">The clip's split index.</param>
    /// <param name="truthFrames">The six ground-truth frames (the <c>clips.frames</c> bytes).</param>
    /// <param name="truthSize">Their side (224).</param>
    /// <param name="generatedFrames">The six generated frames (the <c>generated.frames</c> bytes).</param>
    /// <param name="generatedSize">Their side (256).</param>
    public static EvaluationClip Clip(string clipId, int index, byte[] truthFrames, int truthSize, byte[] generatedFrames, int generatedSize)
    {
        ArgumentNullException.ThrowIfNull(truthFrames);
        ArgumentNullException.ThrowIfNull(generatedFrames);
        const int frames = 6;
        var truth = new List<RgbFrame>(frames);
        var plane = truthSize * truthSize * 3;
        for (var f = 0; f < frames; f++)
        {
            var src = new float[plane];
            for (var i = 0; i < plane; i++)
            {
                src[i] = truthFrames[(f * plane) + i];
            }

            var resized = ImageOps.ResizeBilinear(src, truthSize, truthSize, 3, generatedSize, generatedSize);
            truth.Add(new RgbFrame(generatedSize, generatedSize, [.. resized.Select(v => (byte)Math.Clamp(MathF.Round(v), 0f, 255f))]));
        }

        return new EvaluationClip
        {
            ClipId = clipId,
            Index = index,
            TruthFrames = truth,
            PredictionFrames = RgbFrame.SplitClip(generatedFrames, frames, generatedSize, generatedSize),
        };
    }
}
