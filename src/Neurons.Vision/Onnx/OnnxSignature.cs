using System.Globalization;
using Microsoft.ML.OnnxRuntime;

namespace Neurons.Vision.Onnx;

/// <summary>
/// Checks a loaded session against the inputs and outputs a wrapper binds by name, so a model with the
/// wrong signature fails at load with one line naming the missing or mismatched tensor.
/// </summary>
internal static class OnnxSignature
{
    public static void Verify(InferenceSession session, string modelName, string path, IEnumerable<TensorSpec> inputs, IEnumerable<TensorSpec> outputs)
    {
        foreach (var spec in inputs)
        {
            Check(session.InputMetadata, spec, "input", modelName, path);
        }

        foreach (var spec in outputs)
        {
            Check(session.OutputMetadata, spec, "output", modelName, path);
        }
    }

    /// <summary>Returns the declared element type of a present tensor, converting ORT's Float16 to <see cref="Half"/>.</summary>
    public static Type ElementType(NodeMetadata metadata) =>
        metadata.ElementType == typeof(Float16) ? typeof(Half) : metadata.ElementType;

    private static void Check(IReadOnlyDictionary<string, NodeMetadata> present, TensorSpec spec, string kind, string modelName, string path)
    {
        var file = Path.GetFileName(path);
        if (!present.TryGetValue(spec.Name, out var metadata))
        {
            throw new OnnxModelException(
                $"{modelName} model '{file}' has no {kind} '{spec.Name}' (expected {spec.Describe()}; it has {string.Join(", ", present.Keys)})");
        }

        var actualType = ElementType(metadata);
        var dims = metadata.Dimensions;
        var actual = $"{TensorSpec.TypeName(actualType)}[{string.Join(',', dims.Select(d => d < 0 ? "?" : d.ToString(CultureInfo.InvariantCulture)))}]";
        var typeOk = actualType == spec.ElementType;
        var shapeOk = spec.Dims is null
            || (spec.Dims.Count == dims.Length && spec.Dims.Zip(dims).All(p => p.First < 0 || p.Second < 0 || p.First == p.Second));
        if (!typeOk || !shapeOk)
        {
            throw new OnnxModelException(
                $"{modelName} model '{file}' {kind} '{spec.Name}' is {actual}, expected {spec.Describe()}");
        }
    }
}
