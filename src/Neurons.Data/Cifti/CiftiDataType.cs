namespace Neurons.Data.Cifti;

/// <summary>The NIfTI datatypes the reader accepts.</summary>
public enum CiftiDataType
{
    /// <summary>Signed 16-bit integer (NIfTI code 4).</summary>
    Int16 = 4,

    /// <summary>32-bit IEEE float (NIfTI code 16).</summary>
    Float32 = 16,

    /// <summary>64-bit IEEE float (NIfTI code 64).</summary>
    Float64 = 64,
}
