using static TorchSharp.torch;

namespace Neurons.Model.IO;

/// <summary>One tensor described in a safetensors header.</summary>
/// <param name="Name">The tensor name.</param>
/// <param name="DType">The safetensors dtype code (<c>F32</c>, <c>F16</c>, <c>BF16</c>, <c>I64</c>, …).</param>
/// <param name="Shape">The shape.</param>
/// <param name="Begin">Start offset in the data section.</param>
/// <param name="End">End offset (exclusive) in the data section.</param>
public sealed record SafeTensorsEntry(string Name, string DType, long[] Shape, long Begin, long End)
{
    /// <summary>Gets the torch scalar type of <see cref="DType"/>.</summary>
    public ScalarType ScalarType => SafeTensors.ToScalarType(DType);
}
