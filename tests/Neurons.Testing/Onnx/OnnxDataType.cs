namespace Neurons.Testing.Onnx;

/// <summary>ONNX <c>TensorProto.DataType</c> codes (the numbers are fixed by onnx.proto).</summary>
public enum OnnxDataType
{
    /// <summary>32-bit float.</summary>
    Float = 1,

    /// <summary>Unsigned byte.</summary>
    UInt8 = 2,

    /// <summary>Signed byte.</summary>
    Int8 = 3,

    /// <summary>32-bit integer.</summary>
    Int32 = 6,

    /// <summary>64-bit integer.</summary>
    Int64 = 7,

    /// <summary>Boolean (one byte per element in raw data).</summary>
    Bool = 9,

    /// <summary>IEEE half precision float.</summary>
    Float16 = 10,

    /// <summary>64-bit float.</summary>
    Double = 11,
}
