namespace Neurons.Data.Cifti;

/// <summary>Byte offsets and constants of the 540-byte NIfTI-2 header and the CIFTI-2 conventions.</summary>
internal static class NiftiLayout
{
    /// <summary>The NIfTI-2 header size, also the value of <c>sizeof_hdr</c>.</summary>
    public const int HeaderSize = 540;

    /// <summary>Offset of the 4-byte extender that follows the header (byte 0 = 1 when extensions follow).</summary>
    public const int ExtenderOffset = 540;

    /// <summary>Offset of the first extension (esize, ecode, data).</summary>
    public const int FirstExtensionOffset = 544;

    public const int SizeofHdr = 0;
    public const int Magic = 4;
    public const int Datatype = 12;
    public const int Bitpix = 14;
    public const int Dim = 16;
    public const int IntentP1 = 80;
    public const int Pixdim = 104;
    public const int VoxOffset = 168;
    public const int SclSlope = 176;
    public const int SclInter = 184;
    public const int Descrip = 240;
    public const int QformCode = 344;
    public const int SformCode = 348;
    public const int SliceCode = 496;
    public const int XyztUnits = 500;
    public const int IntentCode = 504;
    public const int IntentName = 508;
    public const int DimInfo = 524;

    /// <summary>NIFTI_INTENT_CONNECTIVITY_DENSE_SERIES (a .dtseries.nii).</summary>
    public const int IntentConnDenseSeries = 3002;

    /// <summary>NIFTI_INTENT_CONNECTIVITY_DENSE_SCALARS (a .dscalar.nii).</summary>
    public const int IntentConnDenseScalars = 3006;

    /// <summary>NIFTI_ECODE_CIFTI: the extension code of the CIFTI-2 XML.</summary>
    public const int EcodeCifti = 32;

    public const short DtInt16 = 4;
    public const short DtFloat32 = 16;
    public const short DtFloat64 = 64;

    /// <summary>Gets the 8 magic bytes of a single-file NIfTI-2: <c>n+2\0\r\n\x1a\n</c>.</summary>
    public static ReadOnlySpan<byte> MagicBytes => "n+2\0\r\n\x1a\n"u8;
}
