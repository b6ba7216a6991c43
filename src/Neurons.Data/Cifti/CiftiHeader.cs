namespace Neurons.Data.Cifti;

/// <summary>The parsed NIfTI-2 header and CIFTI-2 XML of a dense time series.</summary>
/// <param name="Path">The file.</param>
/// <param name="LittleEndian">Whether the file is little-endian.</param>
/// <param name="DataType">The stored datatype.</param>
/// <param name="Volumes">The series length T (NIfTI <c>dim[5]</c>, CIFTI matrix dimension 0).</param>
/// <param name="Grayordinates">The grayordinate count G (NIfTI <c>dim[6]</c>, CIFTI matrix dimension 1).</param>
/// <param name="VoxOffset">The byte offset of the data.</param>
/// <param name="SclSlope">The stored <c>scl_slope</c>.</param>
/// <param name="SclInter">The stored <c>scl_inter</c>.</param>
/// <param name="SeriesStep">The SERIES map's step (seconds for a time series).</param>
/// <param name="Models">The brain models of dimension 1, in index order. Volume models carry no vertex indices and a surface size of 0.</param>
public sealed record CiftiHeader(
    string Path,
    bool LittleEndian,
    CiftiDataType DataType,
    int Volumes,
    int Grayordinates,
    long VoxOffset,
    double SclSlope,
    double SclInter,
    double SeriesStep,
    IReadOnlyList<CiftiBrainModel> Models)
{
    /// <summary>Gets the size of one stored value in bytes.</summary>
    public int BytesPerValue => DataType switch
    {
        CiftiDataType.Int16 => 2,
        CiftiDataType.Float32 => 4,
        _ => 8,
    };

    /// <summary>Gets a value indicating whether values are scaled: slope not 0, and not the identity (slope 1, inter 0).</summary>
    public bool IsScaled => SclSlope != 0 && double.IsFinite(SclSlope) && !(SclSlope == 1 && SclInter == 0);

    /// <summary>Gets the size of the data block in bytes.</summary>
    public long DataBytes => (long)Volumes * Grayordinates * BytesPerValue;
}
