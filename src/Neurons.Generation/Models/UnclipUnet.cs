using Microsoft.ML.OnnxRuntime;
using Neurons.Vision.Onnx;

namespace Neurons.Generation.Models;

/// <summary>The unCLIP keyframe UNet (MindEye2 <c>unclip6</c>): c_in-scaled latents, discrete index, image-token context and vector condition → ε.</summary>
public sealed class UnclipUnet : IDisposable
{
    private static readonly string[] InputNames = ["x", "timesteps", "context", "y"];
    private readonly GraphSession graph;

    private UnclipUnet(GraphSession graph, VideoGraphDims dims)
    {
        this.graph = graph;
        Dims = dims;
    }

    /// <summary>Gets the widths the graph was checked against (context tokens and width, vector width).</summary>
    public VideoGraphDims Dims { get; }

    /// <summary>Loads and checks the model; context and vector widths are read from the graph.</summary>
    public static UnclipUnet Load(string path, OnnxSessionOptions options)
    {
        var dims = VideoGraphDims.Real;
        var graph = GraphSession.Load(
            path,
            options,
            s =>
            {
                if (s.InputMetadata.TryGetValue("context", out var ctx) && ctx.Dimensions.Length == 3 && ctx.Dimensions[1] > 0 && ctx.Dimensions[2] > 0)
                {
                    dims = dims with { UnclipTokens = ctx.Dimensions[1], UnclipWidth = ctx.Dimensions[2] };
                }

                if (s.InputMetadata.TryGetValue("y", out var y) && y.Dimensions.Length == 2 && y.Dimensions[1] > 0)
                {
                    dims = dims with { UnclipVector = y.Dimensions[1] };
                }

                return VideoGraphSignatures.UnclipUnet(dims);
            },
            "unclip_unet");
        return new UnclipUnet(graph, dims);
    }

    /// <summary>Predicts ε for a batch: <paramref name="x"/> [B,4,h,w] (already × c_in), <paramref name="timesteps"/> [B], context [B,N,W], vector [B,V].</summary>
    public float[] Run(float[] x, int batch, int height, int width, long[] timesteps, float[] context, float[] vector)
    {
        using var xv = OrtValue.CreateTensorValueFromMemory(x, [batch, 4, height, width]);
        using var tv = OrtValue.CreateTensorValueFromMemory(timesteps, [batch]);
        using var cv = OrtValue.CreateTensorValueFromMemory(context, [batch, Dims.UnclipTokens, Dims.UnclipWidth]);
        using var yv = OrtValue.CreateTensorValueFromMemory(vector, [batch, Dims.UnclipVector]);
        using var results = graph.Run(InputNames, [xv, tv, cv, yv]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <inheritdoc/>
    public void Dispose() => graph.Dispose();
}
