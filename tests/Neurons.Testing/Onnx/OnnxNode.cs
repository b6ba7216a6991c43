namespace Neurons.Testing.Onnx;

/// <summary>One operator of a graph (<c>NodeProto</c>).</summary>
/// <param name="OpType">The operator, e.g. <c>MatMul</c>.</param>
/// <param name="Inputs">Input value names (empty string = omitted optional input).</param>
/// <param name="Outputs">Output value names.</param>
/// <param name="Attributes">Attributes.</param>
/// <param name="Name">The node name.</param>
/// <param name="Domain">The operator domain (empty = the default ONNX domain).</param>
public sealed record OnnxNode(
    string OpType,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    IReadOnlyList<OnnxAttribute> Attributes,
    string Name,
    string Domain = "");
