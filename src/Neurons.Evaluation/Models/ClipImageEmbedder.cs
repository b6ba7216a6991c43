using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Neurons.Evaluation.Models;

/// <summary>
/// CLIP ViT-L/14 image features (<c>openai/clip-vit-large-patch14</c>, <c>CLIPVisionModelWithProjection</c>
/// export): <c>pixel_values</c> [B, 3, 224, 224] → <c>image_embeds</c> [B, 768], i.e.
/// <c>visual_projection(post_layernorm(CLS))</c>, what <c>get_image_features</c> returns.
/// </summary>
public sealed class ClipImageEmbedder : IDisposable
{
    private static readonly long[] ItemShape = [3, Preprocessing.Size, Preprocessing.Size];

    private readonly OnnxBinding binding;

    private ClipImageEmbedder(OnnxBinding binding)
    {
        this.binding = binding;
    }

    /// <summary>Opens the model and checks its signature by input and output name.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The signature does not match.</exception>
    public static ClipImageEmbedder Open(string path, ILogger? logger = null, SessionOptions? sessionOptions = null, string inputName = "pixel_values", string outputName = "image_embeds")
    {
        var binding = OnnxBinding.Open(path, inputName, [-1, .. ItemShape], outputName, 2, sessionOptions);
        if (logger is not null)
        {
            Log.ModelLoaded(logger, "CLIP ViT-L/14 image", path, inputName, "[B, 3, 224, 224]", outputName);
        }

        return new ClipImageEmbedder(binding);
    }

    /// <summary>Returns the (unnormalised) image embedding of each frame.</summary>
    public float[][] Embed(IReadOnlyList<RgbFrame> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        return frames.Count == 0 ? [] : binding.RunBatch(frames.Count, ItemShape, (i, dst) => Preprocessing.Clip(frames[i], dst));
    }

    /// <inheritdoc/>
    public void Dispose() => binding.Dispose();
}
