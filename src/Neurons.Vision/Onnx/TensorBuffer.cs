using Microsoft.ML.OnnxRuntime;

namespace Neurons.Vision.Onnx;

/// <summary>
/// A float input tensor that is filled and run again and again: the array and the <see cref="OrtValue"/> over it
/// (which pins it) are made once and handed out by a <see cref="TensorBufferPool"/>, so a frame costs no large
/// allocation. Whoever rents it writes <see cref="Data"/> before a run and returns it afterwards.
/// </summary>
internal sealed class TensorBuffer : IDisposable
{
    public TensorBuffer(long[] shape)
    {
        Shape = shape;
        var length = 1L;
        foreach (var d in shape)
        {
            length *= d;
        }

        Data = GC.AllocateUninitializedArray<float>(checked((int)length), pinned: true);
        Value = OrtValue.CreateTensorValueFromMemory(Data, shape);
    }

    /// <summary>Gets the tensor shape.</summary>
    public long[] Shape { get; }

    /// <summary>Gets the values (exactly the shape's element count).</summary>
    public float[] Data { get; }

    /// <summary>Gets the ONNX Runtime value over <see cref="Data"/>.</summary>
    public OrtValue Value { get; }

    /// <summary>Whether the buffer has the given shape.</summary>
    public bool HasShape(ReadOnlySpan<long> shape) => shape.SequenceEqual(Shape);

    /// <inheritdoc/>
    public void Dispose() => Value.Dispose();
}
