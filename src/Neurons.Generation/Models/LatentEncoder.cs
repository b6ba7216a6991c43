using Microsoft.ML.OnnxRuntime;
using Neurons.Vision.Onnx;

namespace Neurons.Generation.Models;

/// <summary>
/// The SD VAE encoder on float images: <c>sample</c> = 2x − 1 of [0,1] CHW pixels → the posterior mean × scaling
/// (channels 0–3 of optimum's <c>latent_parameters</c>). NEURONS samples the posterior here; the mean is the
/// deterministic choice (see docs/generation.md).
/// </summary>
public sealed class LatentEncoder : IDisposable
{
    private static readonly string[] InputNames = ["sample"];
    private readonly GraphSession graph;
    private readonly float scaling;

    private LatentEncoder(GraphSession graph, float scaling)
    {
        this.graph = graph;
        this.scaling = scaling;
    }

    /// <summary>Loads and checks the model.</summary>
    public static LatentEncoder Load(string path, OnnxSessionOptions options, float scaling = 0.18215f) =>
        new(GraphSession.Load(path, options, _ => VideoGraphSignatures.VaeEncoder(), "vae_encoder"), scaling);

    /// <summary>Encodes <paramref name="count"/> CHW images [count,3,H,W] in [0,1] to scaled latent means [count,4,H/8,W/8].</summary>
    public (float[] Latents, int Height, int Width) Encode(float[] images, int count, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(images);
        var input = new float[images.Length];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (2f * images[i]) - 1f;
        }

        using var value = OrtValue.CreateTensorValueFromMemory(input, [count, 3, height, width]);
        using var results = graph.Run(InputNames, [value]);
        var shape = results[0].GetTensorTypeAndShape().Shape;
        int lh = (int)shape[2], lw = (int)shape[3], plane = lh * lw;
        var data = results[0].GetTensorDataAsSpan<float>();
        var latents = new float[count * 4 * plane];
        for (var n = 0; n < count; n++)
        {
            for (var k = 0; k < 4 * plane; k++)
            {
                latents[(n * 4 * plane) + k] = data[(n * 8 * plane) + k] * scaling;
            }
        }

        return (latents, lh, lw);
    }

    /// <inheritdoc/>
    public void Dispose() => graph.Dispose();
}
