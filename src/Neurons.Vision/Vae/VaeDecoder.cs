using Microsoft.ML.OnnxRuntime;
using Neurons.Vision.Onnx;

namespace Neurons.Vision.Vae;

/// <summary>The SD VAE decoder: <c>latent_sample</c> [B,4,h,w] (latents ÷ scaling) → <c>sample</c> [B,3,8h,8w] in [-1, 1], mapped to [0, 1] with <c>clamp(x/2 + 0.5)</c>.</summary>
public sealed class VaeDecoder : IDisposable
{
    private static readonly string[] Outputs = ["sample"];
    private readonly InferenceSession session;
    private readonly float scaling;
    private readonly RunOptions runOptions = new();

    private VaeDecoder(InferenceSession session, float scaling)
    {
        this.session = session;
        this.scaling = scaling;
    }

    /// <summary>Loads and checks the model.</summary>
    public static VaeDecoder Load(string path, OnnxSessionOptions sessionOptions, float scalingFactor = VaeEncoder.Sd15ScalingFactor)
    {
        var session = OnnxSessionFactory.Create(path, sessionOptions, "vae-decoder");
        try
        {
            OnnxSignature.Verify(session, "vae-decoder", path, [new TensorSpec("latent_sample", typeof(float), [-1, 4, -1, -1])], [new TensorSpec("sample", typeof(float), [-1, 3, -1, -1])]);
            return new VaeDecoder(session, scalingFactor);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Decodes scaled latents [count, 4, h, w] to images [count, 3, H, W] in [0, 1].</summary>
    public (float[] Values, int Height, int Width) Decode(float[] latents, int count, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(latents);
        var scaled = latents.Select(v => v / scaling).ToArray();
        using var input = OrtValue.CreateTensorValueFromMemory(scaled, [count, 4, height, width]);
        using var results = session.Run(runOptions, ["latent_sample"], [input], Outputs);
        var shape = results[0].GetTensorTypeAndShape().Shape;
        var values = results[0].GetTensorDataAsSpan<float>();
        var images = new float[values.Length];
        for (var i = 0; i < images.Length; i++)
        {
            images[i] = Math.Clamp((values[i] / 2f) + 0.5f, 0f, 1f);
        }

        return (images, (int)shape[2], (int)shape[3]);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        runOptions.Dispose();
        session.Dispose();
    }
}
