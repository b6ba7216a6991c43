using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Xml;

namespace Neurons.Data.Cifti;

/// <summary>
/// Writes CIFTI-2 dense time series (<c>.dtseries.nii</c>) and dense scalars (<c>.dscalar.nii</c>, one named map
/// per row of dimension 0): a little-endian NIfTI-2 header, the CIFTI-2 XML as header extension 32, then float32
/// data with dimension 0 (time, or map) varying fastest.
/// </summary>
public static class CiftiWriter
{
    /// <summary>The time step written into the SERIES map, in seconds (the cc2017 TR).</summary>
    public const double SeriesStepSeconds = 2.0;

    /// <summary>
    /// Writes a dense time series of <paramref name="volumes"/> time points over the grayordinates that
    /// <paramref name="models"/> cover.
    /// </summary>
    /// <param name="path">The file to create (overwritten if present).</param>
    /// <param name="models">Surface brain models covering grayordinates 0…G−1 in order, without gaps.</param>
    /// <param name="volumes">The number of time points T.</param>
    /// <param name="data">Grayordinate-major values with time fastest: <c>data[g * volumes + t]</c>, length G·T.</param>
    /// <exception cref="ArgumentException">The models do not tile 0…G−1 or the data length is not G·T.</exception>
    public static void Write(string path, IReadOnlyList<CiftiBrainModel> models, int volumes, ReadOnlySpan<float> data)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(volumes, 1);
        WriteFile(path, models, volumes, data, Kind.Series, []);
    }

    /// <summary>
    /// Writes a dense scalar file: one named map per entry of <paramref name="mapNames"/> over the grayordinates that
    /// <paramref name="models"/> cover (intent 3006, <c>ConnDenseScalar</c>; dimension 0 a SCALARS map).
    /// </summary>
    /// <param name="path">The file to create (overwritten if present), by convention ending in <c>.dscalar.nii</c>.</param>
    /// <param name="models">Surface brain models covering grayordinates 0…G−1 in order, without gaps.</param>
    /// <param name="mapNames">The map names M (non-empty, no blank name).</param>
    /// <param name="data">Grayordinate-major values with the map fastest: <c>data[g * M + m]</c>, length G·M.</param>
    /// <exception cref="ArgumentException">The models do not tile 0…G−1, a name is blank or the data length is not G·M.</exception>
    public static void WriteDenseScalar(string path, IReadOnlyList<CiftiBrainModel> models, IReadOnlyList<string> mapNames, ReadOnlySpan<float> data)
    {
        ArgumentNullException.ThrowIfNull(mapNames);
        if (mapNames.Count == 0 || mapNames.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("a dense scalar file needs at least one map, each with a name", nameof(mapNames));
        }

        WriteFile(path, models, mapNames.Count, data, Kind.Scalars, mapNames);
    }

    private static void WriteFile(string path, IReadOnlyList<CiftiBrainModel> models, int rows, ReadOnlySpan<float> data, Kind kind, IReadOnlyList<string> mapNames)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(models);
        var grayordinates = ValidateModels(models);
        if ((long)grayordinates * rows != data.Length)
        {
            var what = kind == Kind.Series ? "volumes" : "maps";
            throw new ArgumentException(
                $"data has {data.Length} values but {grayordinates} grayordinates × {rows} {what} = {(long)grayordinates * rows}",
                nameof(data));
        }

        var xml = BuildXml(models, rows, kind, mapNames);
        var esize = Align16(8 + xml.Length);
        var voxOffset = NiftiLayout.FirstExtensionOffset + esize;

        var head = new byte[voxOffset];
        WriteHeader(head, grayordinates, rows, voxOffset, kind);
        head[NiftiLayout.ExtenderOffset] = 1;
        BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(NiftiLayout.FirstExtensionOffset), esize);
        BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(NiftiLayout.FirstExtensionOffset + 4), NiftiLayout.EcodeCifti);
        xml.CopyTo(head.AsSpan(NiftiLayout.FirstExtensionOffset + 8));

        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        stream.Write(head);
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(data));
        }
        else
        {
            var buffer = new byte[4 * 4096];
            for (var start = 0; start < data.Length; start += 4096)
            {
                var n = Math.Min(4096, data.Length - start);
                for (var i = 0; i < n; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(4 * i), data[start + i]);
                }

                stream.Write(buffer, 0, 4 * n);
            }
        }
    }

    private static int ValidateModels(IReadOnlyList<CiftiBrainModel> models)
    {
        if (models.Count == 0)
        {
            throw new ArgumentException("at least one brain model is required", nameof(models));
        }

        var next = 0;
        foreach (var m in models)
        {
            ArgumentNullException.ThrowIfNull(m);
            if (string.IsNullOrWhiteSpace(m.Structure))
            {
                throw new ArgumentException("a brain model has no structure name", nameof(models));
            }

            if (m.IndexOffset != next)
            {
                throw new ArgumentException($"brain model {m.Structure} starts at {m.IndexOffset}, expected {next} (models must tile the grayordinates in order)", nameof(models));
            }

            if (m.IndexCount < 1 || m.VertexIndices.Count != m.IndexCount)
            {
                throw new ArgumentException($"brain model {m.Structure} has IndexCount {m.IndexCount} but {m.VertexIndices.Count} vertex indices", nameof(models));
            }

            foreach (var v in m.VertexIndices)
            {
                if (v < 0 || v >= m.SurfaceVertexCount)
                {
                    throw new ArgumentException($"brain model {m.Structure} has vertex index {v} outside its surface of {m.SurfaceVertexCount} vertices", nameof(models));
                }
            }

            next = checked(next + m.IndexCount);
        }

        return next;
    }

    private static void WriteHeader(Span<byte> h, int grayordinates, int volumes, int voxOffset, Kind kind)
    {
        BinaryPrimitives.WriteInt32LittleEndian(h[NiftiLayout.SizeofHdr..], NiftiLayout.HeaderSize);
        NiftiLayout.MagicBytes.CopyTo(h[NiftiLayout.Magic..]);
        BinaryPrimitives.WriteInt16LittleEndian(h[NiftiLayout.Datatype..], NiftiLayout.DtFloat32);
        BinaryPrimitives.WriteInt16LittleEndian(h[NiftiLayout.Bitpix..], 32);
        long[] dim = [6, 1, 1, 1, 1, volumes, grayordinates, 1];
        for (var i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(h[(NiftiLayout.Dim + (8 * i))..], dim[i]);
            BinaryPrimitives.WriteDoubleLittleEndian(h[(NiftiLayout.Pixdim + (8 * i))..], 1.0);
        }

        BinaryPrimitives.WriteInt64LittleEndian(h[NiftiLayout.VoxOffset..], voxOffset);
        BinaryPrimitives.WriteDoubleLittleEndian(h[NiftiLayout.SclSlope..], 1.0);
        BinaryPrimitives.WriteDoubleLittleEndian(h[NiftiLayout.SclInter..], 0.0);
        var series = kind == Kind.Series;
        Encoding.ASCII.GetBytes(series ? "NeuronsPipeline CIFTI-2 dense time series" : "NeuronsPipeline CIFTI-2 dense scalars").CopyTo(h[NiftiLayout.Descrip..]);
        BinaryPrimitives.WriteInt32LittleEndian(h[NiftiLayout.IntentCode..], series ? NiftiLayout.IntentConnDenseSeries : NiftiLayout.IntentConnDenseScalars);
        Encoding.ASCII.GetBytes(series ? "ConnDenseSeries" : "ConnDenseScalar").CopyTo(h[NiftiLayout.IntentName..]);
    }

    private static byte[] BuildXml(IReadOnlyList<CiftiBrainModel> models, int volumes, Kind kind, IReadOnlyList<string> mapNames)
    {
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true };
        using var memory = new MemoryStream();
        using (var x = XmlWriter.Create(memory, settings))
        {
            x.WriteStartDocument();
            x.WriteStartElement("CIFTI");
            x.WriteAttributeString("Version", "2");
            x.WriteStartElement("Matrix");

            x.WriteStartElement("MatrixIndicesMap");
            x.WriteAttributeString("AppliesToMatrixDimension", "0");
            if (kind == Kind.Series)
            {
                x.WriteAttributeString("IndicesMapToDataType", "CIFTI_INDEX_TYPE_SERIES");
                x.WriteAttributeString("NumberOfSeriesPoints", volumes.ToString(CultureInfo.InvariantCulture));
                x.WriteAttributeString("SeriesExponent", "0");
                x.WriteAttributeString("SeriesStart", "0.0000000000");
                x.WriteAttributeString("SeriesStep", SeriesStepSeconds.ToString("F10", CultureInfo.InvariantCulture));
                x.WriteAttributeString("SeriesUnit", "SECOND");
            }
            else
            {
                x.WriteAttributeString("IndicesMapToDataType", "CIFTI_INDEX_TYPE_SCALARS");
                foreach (var name in mapNames)
                {
                    x.WriteStartElement("NamedMap");
                    x.WriteElementString("MapName", name);
                    x.WriteEndElement();
                }
            }

            x.WriteEndElement();

            x.WriteStartElement("MatrixIndicesMap");
            x.WriteAttributeString("AppliesToMatrixDimension", "1");
            x.WriteAttributeString("IndicesMapToDataType", "CIFTI_INDEX_TYPE_BRAIN_MODELS");
            foreach (var m in models)
            {
                x.WriteStartElement("BrainModel");
                x.WriteAttributeString("IndexOffset", m.IndexOffset.ToString(CultureInfo.InvariantCulture));
                x.WriteAttributeString("IndexCount", m.IndexCount.ToString(CultureInfo.InvariantCulture));
                x.WriteAttributeString("ModelType", "CIFTI_MODEL_TYPE_SURFACE");
                x.WriteAttributeString("BrainStructure", m.Structure);
                x.WriteAttributeString("SurfaceNumberOfVertices", m.SurfaceVertexCount.ToString(CultureInfo.InvariantCulture));
                x.WriteStartElement("VertexIndices");
                x.WriteString(string.Join(' ', m.VertexIndices.Select(v => v.ToString(CultureInfo.InvariantCulture))));
                x.WriteEndElement();
                x.WriteEndElement();
            }

            x.WriteEndElement();
            x.WriteEndElement();
            x.WriteEndElement();
            x.WriteEndDocument();
        }

        return memory.ToArray();
    }

    private static int Align16(int n) => (n + 15) & ~15;

    private enum Kind
    {
        Series,
        Scalars,
    }
}
