using Microsoft.ML.OnnxRuntime;
using Neurons.Vision.Onnx;

namespace Neurons.Generation.Models;

/// <summary>A VAE decoder: latents ÷ scaling → <c>sample</c> [N,3,8h,8w], returned raw (in about [−1,1]); callers map it to pixels.</summary>
public sealed class LatentDecoder : IDisposable
{
    private static readonly string[] InputNames = ["latent_sample"];
    private readonly GraphSession graph;
    private readonly float scaling;

    private LatentDecoder(GraphSession graph, float scaling)
    {
        this.graph = graph;
        this.scaling = scaling;
    }

    /// <summary>Loads and checks the model (<paramref name="scaling"/>: 0.18215 for SD-1.5, 0.13025 for the SDXL keyframe decoder).</summary>
    public static LatentDecoder Load(string path, OnnxSessionOptions options, float scaling = 0.18215f, string graph = "vae_decoder") =>
        new(GraphSession.Load(path, options, _ => VideoGraphSignatures.VaeDecoder(graph), graph), scaling);

    /// <summary>Decodes <paramref name="count"/> scaled latents [count,4,h,w] one at a time (as the reference does) to raw images [count,3,H,W].</summary>
    public (float[] Images, int Height, int Width) Decode(float[] latents, int count, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(latents);
        var per = 4 * height * width;
        float[]? images = null;
        int oh = 0, ow = 0;
        var scaled = new float[per];
        for (var n = 0; n < count; n++)
        {
            for (var k = 0; k < per; k++)
            {
                scaled[k] = latents[(n * per) + k] / scaling;
            }

            using var value = OrtValue.CreateTensorValueFromMemory(scaled, [1, 4, height, width]);
            using var results = graph.Run(InputNames, [value]);
            var shape = results[0].GetTensorTypeAndShape().Shape;
            (oh, ow) = ((int)shape[2], (int)shape[3]);
            images ??= new float[count * 3 * oh * ow];
            results[0].GetTensorDataAsSpan<float>().CopyTo(images.AsSpan(n * 3 * oh * ow, 3 * oh * ow));
        }

        return (images ?? [], oh, ow);
    }

    /// <inheritdoc/>
    public void Dispose() => graph.Dispose();
}
