using Microsoft.ML.OnnxRuntime;
using Neurons.Vision.Onnx;

namespace Neurons.Generation.Models;

/// <summary>
/// The SparseCtrl RGB condition encoder: per step, from the timestep, the text states and the keyframe condition
/// (latents at frame 0, mask 1 there), the 12 down residuals and the mid residual the UNet adds to its skips.
/// </summary>
public sealed class SparseCtrlEncoder : IDisposable
{
    private static readonly string[] InputNames = ["timestep", "encoder_hidden_states", "controlnet_cond", "conditioning_mask"];
    private readonly GraphSession graph;

    private SparseCtrlEncoder(GraphSession graph, VideoGraphDims dims)
    {
        this.graph = graph;
        Dims = dims;
    }

    /// <summary>Gets the widths the graph was checked against.</summary>
    public VideoGraphDims Dims { get; }

    /// <summary>Loads and checks the model against <paramref name="dims"/> (text width, UNet layout).</summary>
    public static SparseCtrlEncoder Load(string path, OnnxSessionOptions options, VideoGraphDims dims) =>
        new(GraphSession.Load(path, options, _ => VideoGraphSignatures.SparseCtrl(dims), "sparsectrl"), dims);

    /// <summary>Runs the encoder; the 13 residuals come back in <see cref="UnetLayout.ResidualNames"/> order and are owned by the caller.</summary>
    /// <param name="timestep">The DDIM timestep.</param>
    /// <param name="text">Text states [B,77,D].</param>
    /// <param name="condition">The condition latents [B,4,F,h,w].</param>
    /// <param name="mask">The conditioning mask [B,1,F,h,w].</param>
    public IDisposableReadOnlyCollection<OrtValue> Run(OrtValue timestep, OrtValue text, OrtValue condition, OrtValue mask) =>
        graph.Run(InputNames, [timestep, text, condition, mask]);

    /// <inheritdoc/>
    public void Dispose() => graph.Dispose();
}
