using System.Runtime.InteropServices;

namespace Neurons.Testing.Onnx;

/// <summary>A constant tensor (initializer or attribute value), stored as little-endian raw data.</summary>
public sealed class OnnxTensor
{
    private OnnxTensor(string name, OnnxDataType dataType, long[] dims, byte[] rawData)
    {
        var count = dims.Aggregate(1L, (a, d) => a * d);
        var size = ElementSize(dataType);
        if (count * size != rawData.Length)
        {
            throw new ArgumentException($"tensor '{name}': dims [{string.Join(',', dims)}] need {count * size} bytes, data has {rawData.Length}");
        }

        Name = name;
        DataType = dataType;
        Dims = dims;
        RawData = rawData;
    }

    /// <summary>Gets the tensor name (the graph value it defines, when used as an initializer).</summary>
    public string Name { get; }

    /// <summary>Gets the element type.</summary>
    public OnnxDataType DataType { get; }

    /// <summary>Gets the shape.</summary>
    public IReadOnlyList<long> Dims { get; }

    /// <summary>Gets the little-endian element bytes.</summary>
    public byte[] RawData { get; }

    /// <summary>Gets the external-data file (relative to the model) and byte offset, when the bytes are written outside the model (real exports above 2 GB).</summary>
    public (string Location, long Offset)? External { get; private init; }

    /// <summary>Returns a copy whose bytes are written to <paramref name="location"/> at <paramref name="offset"/> instead of inside the model.</summary>
    public OnnxTensor AsExternal(string location, long offset) =>
        new(Name, DataType, [.. Dims], RawData) { External = (location, offset) };

    /// <summary>A float tensor.</summary>
    public static OnnxTensor Float(string name, float[] data, params long[] dims) =>
        new(name, OnnxDataType.Float, dims, MemoryMarshal.AsBytes(data.AsSpan()).ToArray());

    /// <summary>A half-precision tensor.</summary>
    public static OnnxTensor Float16(string name, Half[] data, params long[] dims) =>
        new(name, OnnxDataType.Float16, dims, MemoryMarshal.AsBytes(data.AsSpan()).ToArray());

    /// <summary>A 64-bit integer tensor.</summary>
    public static OnnxTensor Int64(string name, long[] data, params long[] dims) =>
        new(name, OnnxDataType.Int64, dims, MemoryMarshal.AsBytes(data.AsSpan()).ToArray());

    /// <summary>A 32-bit integer tensor.</summary>
    public static OnnxTensor Int32(string name, int[] data, params long[] dims) =>
        new(name, OnnxDataType.Int32, dims, MemoryMarshal.AsBytes(data.AsSpan()).ToArray());

    /// <summary>A boolean tensor.</summary>
    public static OnnxTensor Bool(string name, bool[] data, params long[] dims) =>
        new(name, OnnxDataType.Bool, dims, data.Select(b => b ? (byte)1 : (byte)0).ToArray());

    /// <summary>A byte tensor.</summary>
    public static OnnxTensor UInt8(string name, byte[] data, params long[] dims) =>
        new(name, OnnxDataType.UInt8, dims, data.ToArray());

    /// <summary>A float scalar (rank 0).</summary>
    public static OnnxTensor Scalar(string name, float value) => Float(name, [value]);

    /// <summary>A 64-bit integer scalar (rank 0).</summary>
    public static OnnxTensor Scalar(string name, long value) => Int64(name, [value]);

    /// <summary>Returns the byte size of one element.</summary>
    public static int ElementSize(OnnxDataType type) => type switch
    {
        OnnxDataType.Float or OnnxDataType.Int32 => 4,
        OnnxDataType.UInt8 or OnnxDataType.Int8 or OnnxDataType.Bool => 1,
        OnnxDataType.Int64 or OnnxDataType.Double => 8,
        OnnxDataType.Float16 => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unsupported ONNX data type"),
    };
}
