namespace Neurons.Vision.Onnx;

/// <summary>How ONNX Runtime sessions are created (from <c>pipeline.yaml</c>'s <c>onnx</c> section or a stage's params).</summary>
public sealed record OnnxSessionOptions
{
    /// <summary>Gets the intra-op thread count.</summary>
    /// <value>0 (the default) lets ONNX Runtime choose (one per physical core).</value>
    public int IntraOpThreads { get; init; }

    /// <summary>Gets the inter-op thread count.</summary>
    /// <value>0 (the default) lets ONNX Runtime choose.</value>
    public int InterOpThreads { get; init; }

    /// <summary>Gets the graph optimisation level: <c>disabled</c>, <c>basic</c>, <c>extended</c> or <c>all</c>.</summary>
    /// <value>Default <c>all</c>.</value>
    public string Optimization { get; init; } = "all";

    /// <summary>Gets the execution provider: <c>cpu</c>, or <c>cuda</c> (needs the GPU build, <c>-p:Accelerator=cuda</c>).</summary>
    /// <value>Default <c>cpu</c>.</value>
    public string ExecutionProvider { get; init; } = "cpu";

    /// <summary>Gets the CUDA device ordinal used when <see cref="ExecutionProvider"/> is <c>cuda</c>.</summary>
    /// <value>Default 0.</value>
    public int DeviceId { get; init; }
}
