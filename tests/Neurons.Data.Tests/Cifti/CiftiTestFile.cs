using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Neurons.Data.Tests.Cifti;

/// <summary>
/// Builds NIfTI-2 / CIFTI-2 files byte by byte for reader tests, independently of the production writer,
/// with knobs to produce every malformation the reader must reject.
/// </summary>
public sealed class CiftiTestFile
{
    public bool LittleEndian { get; init; } = true;

    public short Datatype { get; init; } = 16;

    public int Volumes { get; init; } = 4;

    public int[] ModelCounts { get; init; } = [3, 2];

    public int? XmlSeriesPoints { get; init; }

    public long[]? DimOverride { get; init; }

    public byte[]? MagicOverride { get; init; }

    public int SizeofHdr { get; init; } = 540;

    public int IntentCode { get; init; } = 3002;

    public double SclSlope { get; init; } = 1;

    public double SclInter { get; init; }

    public bool WithExtension { get; init; } = true;

    public string? XmlOverride { get; init; }

    public int TruncateDataBytes { get; init; }

    public int Grayordinates => ModelCounts.Sum();

    /// <summary>Writes the file; stored value k (grayordinate-major, time fastest) is <paramref name="stored"/>(k).</summary>
    public void Write(string path, Func<int, double> stored)
    {
        var xml = Encoding.UTF8.GetBytes(XmlOverride ?? BuildXml());
        var esize = WithExtension ? (8 + xml.Length + 15) / 16 * 16 : 0;
        var voxOffset = 544 + esize;
        var size = Datatype switch { 4 => 2, 16 => 4, _ => 8 };
        var count = Volumes * Grayordinates;
        var bytes = new byte[voxOffset + (count * size)];
        var h = bytes.AsSpan();
        I32(h[0..], SizeofHdr);
        (MagicOverride ?? "n+2\0\r\n\x1a\n"u8.ToArray()).CopyTo(h[4..]);
        I16(h[12..], Datatype);
        I16(h[14..], (short)(size * 8));
        var dim = DimOverride ?? [6, 1, 1, 1, 1, Volumes, Grayordinates, 1];
        for (var i = 0; i < 8; i++)
        {
            I64(h[(16 + (8 * i))..], dim[i]);
        }

        I64(h[168..], voxOffset);
        F64(h[176..], SclSlope);
        F64(h[184..], SclInter);
        I32(h[504..], IntentCode);
        if (WithExtension)
        {
            h[540] = 1;
            I32(h[544..], esize);
            I32(h[548..], 32);
            xml.CopyTo(h[552..]);
        }

        for (var k = 0; k < count; k++)
        {
            var d = h[(voxOffset + (k * size))..];
            var v = stored(k);
            switch (Datatype)
            {
                case 4:
                    I16(d, checked((short)v));
                    break;
                case 16:
                    if (LittleEndian)
                    {
                        BinaryPrimitives.WriteSingleLittleEndian(d, (float)v);
                    }
                    else
                    {
                        BinaryPrimitives.WriteSingleBigEndian(d, (float)v);
                    }

                    break;
                default:
                    if (LittleEndian)
                    {
                        BinaryPrimitives.WriteDoubleLittleEndian(d, v);
                    }
                    else
                    {
                        BinaryPrimitives.WriteDoubleBigEndian(d, v);
                    }

                    break;
            }
        }

        File.WriteAllBytes(path, bytes[..^TruncateDataBytes]);
    }

    public string BuildXml()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CIFTI Version=\"2\"><Matrix>");
        sb.Append(CultureInfo.InvariantCulture, $"<MatrixIndicesMap AppliesToMatrixDimension=\"0\" IndicesMapToDataType=\"CIFTI_INDEX_TYPE_SERIES\" NumberOfSeriesPoints=\"{XmlSeriesPoints ?? Volumes}\" SeriesExponent=\"0\" SeriesStart=\"0\" SeriesStep=\"2\" SeriesUnit=\"SECOND\"/>");
        sb.Append("<MatrixIndicesMap AppliesToMatrixDimension=\"1\" IndicesMapToDataType=\"CIFTI_INDEX_TYPE_BRAIN_MODELS\">");
        string[] names = ["CIFTI_STRUCTURE_CORTEX_LEFT", "CIFTI_STRUCTURE_CORTEX_RIGHT", "CIFTI_STRUCTURE_THALAMUS_LEFT"];
        var offset = 0;
        for (var m = 0; m < ModelCounts.Length; m++)
        {
            var n = ModelCounts[m];
            if (m < 2)
            {
                var vertices = string.Join(' ', Enumerable.Range(0, n).Select(i => (2 * i).ToString(CultureInfo.InvariantCulture)));
                sb.Append(CultureInfo.InvariantCulture, $"<BrainModel IndexOffset=\"{offset}\" IndexCount=\"{n}\" ModelType=\"CIFTI_MODEL_TYPE_SURFACE\" BrainStructure=\"{names[m]}\" SurfaceNumberOfVertices=\"{(2 * n) + 1}\"><VertexIndices>{vertices}</VertexIndices></BrainModel>");
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"<BrainModel IndexOffset=\"{offset}\" IndexCount=\"{n}\" ModelType=\"CIFTI_MODEL_TYPE_VOXELS\" BrainStructure=\"{names[2]}\"><VoxelIndicesIJK>1 2 3</VoxelIndicesIJK></BrainModel>");
            }

            offset += n;
        }

        sb.Append("</MatrixIndicesMap></Matrix></CIFTI>");
        return sb.ToString();
    }

    private void I16(Span<byte> d, short v)
    {
        if (LittleEndian)
        {
            BinaryPrimitives.WriteInt16LittleEndian(d, v);
        }
        else
        {
            BinaryPrimitives.WriteInt16BigEndian(d, v);
        }
    }

    private void I32(Span<byte> d, int v)
    {
        if (LittleEndian)
        {
            BinaryPrimitives.WriteInt32LittleEndian(d, v);
        }
        else
        {
            BinaryPrimitives.WriteInt32BigEndian(d, v);
        }
    }

    private void I64(Span<byte> d, long v)
    {
        if (LittleEndian)
        {
            BinaryPrimitives.WriteInt64LittleEndian(d, v);
        }
        else
        {
            BinaryPrimitives.WriteInt64BigEndian(d, v);
        }
    }

    private void F64(Span<byte> d, double v)
    {
        if (LittleEndian)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(d, v);
        }
        else
        {
            BinaryPrimitives.WriteDoubleBigEndian(d, v);
        }
    }
}
