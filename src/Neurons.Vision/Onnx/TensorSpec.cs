namespace Neurons.Vision.Onnx;

/// <summary>What a wrapper requires of one named model input or output.</summary>
/// <param name="Name">The input/output name the wrapper binds by.</param>
/// <param name="ElementType">The required element type (<c>float</c>, <c>long</c>, <c>bool</c>, ...).</param>
/// <param name="Dims">The required shape: a size, or -1 for "any size" (dynamic or fixed). Null accepts any rank.</param>
public sealed record TensorSpec(string Name, Type ElementType, IReadOnlyList<long>? Dims)
{
    /// <summary>Describes the spec, e.g. <c>float[1,256,64,64]</c>.</summary>
    public string Describe() => $"{TypeName(ElementType)}[{(Dims is null ? "*" : string.Join(',', Dims.Select(d => d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture))))}]";

    internal static string TypeName(Type type) => type == typeof(float) ? "float"
        : type == typeof(long) ? "int64"
        : type == typeof(int) ? "int32"
        : type == typeof(bool) ? "bool"
        : type == typeof(Half) ? "float16"
        : type == typeof(Microsoft.ML.OnnxRuntime.Float16) ? "float16"
        : type == typeof(byte) ? "uint8"
        : type.Name;
}
