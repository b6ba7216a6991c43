namespace Neurons.Testing.Onnx;

/// <summary>A graph input or output: name, element type and shape (fixed or named dynamic axes).</summary>
/// <param name="Name">The value name the session binds by.</param>
/// <param name="DataType">The element type.</param>
/// <param name="Dims">The shape.</param>
public sealed record OnnxValueInfo(string Name, OnnxDataType DataType, IReadOnlyList<OnnxDim> Dims);
