using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Neurons.Evaluation.Models;

/// <summary>
/// ViT-B/16 ImageNet-1k (<c>google/vit-base-patch16-224</c>, optimum's <c>ViTOnnxConfig</c> names):
/// <c>pixel_values</c> [B, 3, 224, 224] → <c>logits</c> [B, 1000].
/// </summary>
public sealed class VitClassifier : IDisposable
{
    private static readonly long[] ItemShape = [3, Preprocessing.Size, Preprocessing.Size];

    private readonly OnnxBinding binding;

    private VitClassifier(OnnxBinding binding)
    {
        this.binding = binding;
    }

    /// <summary>Opens the model and checks its signature by input and output name.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The signature does not match.</exception>
    public static VitClassifier Open(string path, ILogger? logger = null, SessionOptions? sessionOptions = null, string inputName = "pixel_values", string outputName = "logits")
    {
        var binding = OnnxBinding.Open(path, inputName, [-1, .. ItemShape], outputName, 2, sessionOptions);
        if (logger is not null)
        {
            Log.ModelLoaded(logger, "ViT-B/16", path, inputName, "[B, 3, 224, 224]", outputName);
        }

        return new VitClassifier(binding);
    }

    /// <summary>Returns the logits of each frame.</summary>
    public float[][] Classify(IReadOnlyList<RgbFrame> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        return frames.Count == 0 ? [] : binding.RunBatch(frames.Count, ItemShape, (i, dst) => Preprocessing.Vit(frames[i], dst));
    }

    /// <inheritdoc/>
    public void Dispose() => binding.Dispose();
}
