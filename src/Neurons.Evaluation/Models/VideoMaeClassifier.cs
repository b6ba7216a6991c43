using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Neurons.Evaluation.Models;

/// <summary>
/// VideoMAE-base fine-tuned on Kinetics-400 (<c>MCG-NJU/videomae-base-finetuned-kinetics</c>) exported at
/// <b>6 frames</b>: <c>pixel_values</c> [B, 6, 3, 224, 224] → <c>logits</c> [B, 400]. A 16-frame export does
/// not run on 6 frames (its position table has 1568 rows, 6 frames give 588 tokens); export with
/// <c>num_frames=6</c>.
/// </summary>
public sealed class VideoMaeClassifier : IDisposable
{
    /// <summary>The frames per clip the export must take.</summary>
    public const int Frames = 6;

    private static readonly long[] ItemShape = [Frames, 3, Preprocessing.Size, Preprocessing.Size];

    private readonly OnnxBinding binding;

    private VideoMaeClassifier(OnnxBinding binding)
    {
        this.binding = binding;
    }

    /// <summary>Opens the model and checks its signature by input and output name.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The signature does not match.</exception>
    public static VideoMaeClassifier Open(string path, ILogger? logger = null, SessionOptions? sessionOptions = null, string inputName = "pixel_values", string outputName = "logits")
    {
        var binding = OnnxBinding.Open(path, inputName, [-1, .. ItemShape], outputName, 2, sessionOptions);
        if (logger is not null)
        {
            Log.ModelLoaded(logger, "VideoMAE", path, inputName, "[B, 6, 3, 224, 224]", outputName);
        }

        return new VideoMaeClassifier(binding);
    }

    /// <summary>Returns the logits of each clip (six RGB frames each).</summary>
    /// <exception cref="ArgumentException">A clip does not have six frames.</exception>
    public float[][] Classify(IReadOnlyList<IReadOnlyList<RgbFrame>> clips)
    {
        ArgumentNullException.ThrowIfNull(clips);
        for (var i = 0; i < clips.Count; i++)
        {
            if (clips[i].Count != Frames)
            {
                throw new ArgumentException($"clip {i} has {clips[i].Count} frames; VideoMAE takes {Frames}", nameof(clips));
            }
        }

        return clips.Count == 0 ? [] : binding.RunBatch(clips.Count, ItemShape, (i, dst) => Preprocessing.VideoMae(clips[i], dst));
    }

    /// <inheritdoc/>
    public void Dispose() => binding.Dispose();
}
