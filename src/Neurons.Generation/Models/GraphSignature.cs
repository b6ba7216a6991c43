using Neurons.Vision.Onnx;

namespace Neurons.Generation.Models;

/// <summary>The named inputs and outputs one video graph must have (dtype and shape, -1 for any size).</summary>
/// <param name="Graph">The graph's role, e.g. <c>unet</c>; also the model name in error messages.</param>
/// <param name="Inputs">The inputs a wrapper binds by name.</param>
/// <param name="Outputs">The outputs a wrapper reads by name.</param>
public sealed record GraphSignature(string Graph, IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs);
