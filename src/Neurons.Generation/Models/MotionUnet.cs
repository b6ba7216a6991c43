using Microsoft.ML.OnnxRuntime;
using Neurons.Vision.Onnx;

namespace Neurons.Generation.Models;

/// <summary>The UNet3D with AnimateDiff v3 motion modules: noisy latents, timestep, text states and the 13 SparseCtrl residuals → ε.</summary>
public sealed class MotionUnet : IDisposable
{
    private static readonly string[] InputNames = ["sample", "timestep", "encoder_hidden_states", .. UnetLayout.ResidualNames];
    private readonly GraphSession graph;

    private MotionUnet(GraphSession graph, VideoGraphDims dims)
    {
        this.graph = graph;
        Dims = dims;
    }

    /// <summary>Gets the widths the graph was checked against.</summary>
    public VideoGraphDims Dims { get; }

    /// <summary>Gets the input names in the order <see cref="Run"/> binds them.</summary>
    public static IReadOnlyList<string> Inputs => InputNames;

    /// <summary>Loads and checks the model; the skip width c and text width are read from the graph when <paramref name="dims"/> is null.</summary>
    public static MotionUnet Load(string path, OnnxSessionOptions options, VideoGraphDims? dims = null)
    {
        var resolved = dims ?? VideoGraphDims.Real;
        var graph = GraphSession.Load(
            path,
            options,
            s =>
            {
                if (dims is null)
                {
                    resolved = InferDims(s.InputMetadata);
                }

                return VideoGraphSignatures.Unet(resolved);
            },
            "unet");
        return new MotionUnet(graph, resolved);
    }

    /// <summary>Runs the UNet and copies <c>noise_pred</c> into <paramref name="noise"/>.</summary>
    public void Run(OrtValue sample, OrtValue timestep, OrtValue text, IReadOnlyList<OrtValue> residuals, Span<float> noise)
    {
        ArgumentNullException.ThrowIfNull(residuals);
        using var results = graph.Run(InputNames, [sample, timestep, text, .. residuals]);
        results[0].GetTensorDataAsSpan<float>().CopyTo(noise);
    }

    private static VideoGraphDims InferDims(IReadOnlyDictionary<string, NodeMetadata> inputs)
    {
        var real = VideoGraphDims.Real;
        var c = inputs.TryGetValue(UnetLayout.DownName(0), out var res) && res.Dimensions.Length == 5 && res.Dimensions[1] > 0 ? res.Dimensions[1] : real.Layout.BaseChannels;
        var text = inputs.TryGetValue("encoder_hidden_states", out var ehs) && ehs.Dimensions.Length == 3 && ehs.Dimensions[2] > 0 ? ehs.Dimensions[2] : real.TextWidth;
        return real with { Layout = new UnetLayout(c), TextWidth = text };
    }

    /// <inheritdoc/>
    public void Dispose() => graph.Dispose();
}
