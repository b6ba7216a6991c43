using System.Buffers.Binary;
using System.Text;
using System.Xml.Linq;
using Neurons.Data.Cifti;

namespace Neurons.Data.Tests.Cifti;

public sealed class CiftiWriterTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("cifti-writer-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    internal static IReadOnlyList<CiftiBrainModel> TwoHemispheres() =>
    [
        new("CIFTI_STRUCTURE_CORTEX_LEFT", 0, 3, 10, [0, 2, 7]),
        new("CIFTI_STRUCTURE_CORTEX_RIGHT", 3, 2, 10, [1, 9]),
    ];

    [Fact]
    public void Write_HeaderFields_AreAtNifti2Offsets()
    {
        // Given 5 grayordinates × 4 volumes
        var path = Path.Combine(dir, "a.dtseries.nii");
        var data = Enumerable.Range(0, 20).Select(i => (float)i).ToArray();

        // When written
        CiftiWriter.Write(path, TwoHemispheres(), 4, data);
        var b = File.ReadAllBytes(path);

        // Then the NIfTI-2 fields sit at their byte offsets, little-endian
        Assert.Equal(540, BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(0)));
        Assert.Equal("n+2\0\r\n\x1a\n"u8.ToArray(), b[4..12]);
        Assert.Equal(16, BinaryPrimitives.ReadInt16LittleEndian(b.AsSpan(12)));
        Assert.Equal(32, BinaryPrimitives.ReadInt16LittleEndian(b.AsSpan(14)));
        long[] expectedDim = [6, 1, 1, 1, 1, 4, 5, 1];
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(expectedDim[i], BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(16 + (8 * i))));
        }

        var voxOffset = BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(168));
        Assert.Equal(0, voxOffset % 16);
        Assert.Equal(1.0, BinaryPrimitives.ReadDoubleLittleEndian(b.AsSpan(176)));
        Assert.Equal(0.0, BinaryPrimitives.ReadDoubleLittleEndian(b.AsSpan(184)));
        Assert.Equal(3002, BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(504)));
        Assert.Equal("ConnDenseSeries", Encoding.ASCII.GetString(b, 508, 15));
        Assert.Equal(voxOffset + (20 * 4), b.LongLength);
    }

    [Fact]
    public void WriteDenseScalar_Header_HasIntent3006MapsOnDimension0AndNamedMaps()
    {
        // Given 5 grayordinates × 2 named maps
        var path = Path.Combine(dir, "a.dscalar.nii");
        var data = Enumerable.Range(0, 10).Select(i => (float)i).ToArray();

        // When written
        CiftiWriter.WriteDenseScalar(path, TwoHemispheres(), ["concepts", "blurry_video"], data);
        var b = File.ReadAllBytes(path);

        // Then dim is [6, 1, 1, 1, 1, maps, G, 1], the intent is ConnDenseScalar and the XML names the maps in order
        long[] expectedDim = [6, 1, 1, 1, 1, 2, 5, 1];
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(expectedDim[i], BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(16 + (8 * i))));
        }

        Assert.Equal(3006, BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(504)));
        Assert.Equal("ConnDenseScalar", Encoding.ASCII.GetString(b, 508, 15));
        var voxOffset = BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(168));
        var xml = Encoding.UTF8.GetString(b, 552, (int)voxOffset - 552);
        Assert.Contains("CIFTI_INDEX_TYPE_SCALARS", xml, StringComparison.Ordinal);
        Assert.True(xml.IndexOf("<MapName>concepts</MapName>", StringComparison.Ordinal) < xml.IndexOf("<MapName>blurry_video</MapName>", StringComparison.Ordinal));
        Assert.Equal(voxOffset + (10 * 4), b.LongLength);
        Assert.Equal(3f, BitConverter.ToSingle(b, (int)voxOffset + (3 * 4)));
    }

    [Fact]
    public void WriteDenseScalar_BlankMapName_FailsNamingTheMaps()
    {
        var path = Path.Combine(dir, "b.dscalar.nii");

        var error = Assert.Throws<ArgumentException>(() => CiftiWriter.WriteDenseScalar(path, TwoHemispheres(), ["concepts", " "], new float[10]));

        Assert.Contains("each with a name", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Write_Extension_IsCiftiXmlWithCode32FillingUpToVoxOffset()
    {
        // Given a written file
        var path = Path.Combine(dir, "b.dtseries.nii");
        CiftiWriter.Write(path, TwoHemispheres(), 4, new float[20]);
        var b = File.ReadAllBytes(path);

        // When the extender and the first extension are read
        var esize = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(544));
        var ecode = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(548));
        var voxOffset = BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(168));

        // Then the extender flags one extension, code 32, size a multiple of 16 ending at vox_offset
        Assert.Equal(new byte[] { 1, 0, 0, 0 }, b[540..544]);
        Assert.Equal(32, ecode);
        Assert.Equal(0, esize % 16);
        Assert.Equal(voxOffset, 544 + esize);
        var xmlText = Encoding.UTF8.GetString(b, 552, esize - 8).TrimEnd('\0', ' ');
        var root = XElement.Parse(xmlText);
        Assert.Equal("CIFTI", root.Name.LocalName);
        Assert.Equal("2", root.Attribute("Version")?.Value);
    }

    [Fact]
    public void Write_Xml_HasSeriesMapOnDimension0AndBrainModelsOnDimension1()
    {
        // Given a written file
        var path = Path.Combine(dir, "c.dtseries.nii");
        CiftiWriter.Write(path, TwoHemispheres(), 4, new float[20]);
        var b = File.ReadAllBytes(path);
        var esize = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(544));

        // When its XML is parsed
        var root = XElement.Parse(Encoding.UTF8.GetString(b, 552, esize - 8).TrimEnd('\0', ' '));
        var maps = root.Element("Matrix")!.Elements("MatrixIndicesMap").ToList();

        // Then dimension 0 is a 4-point series of 2 s and dimension 1 lists both surfaces with their vertices
        Assert.Equal(2, maps.Count);
        var series = maps.Single(m => m.Attribute("AppliesToMatrixDimension")!.Value == "0");
        Assert.Equal("CIFTI_INDEX_TYPE_SERIES", series.Attribute("IndicesMapToDataType")!.Value);
        Assert.Equal("4", series.Attribute("NumberOfSeriesPoints")!.Value);
        Assert.Equal(2.0, double.Parse(series.Attribute("SeriesStep")!.Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("SECOND", series.Attribute("SeriesUnit")!.Value);
        var brain = maps.Single(m => m.Attribute("AppliesToMatrixDimension")!.Value == "1");
        Assert.Equal("CIFTI_INDEX_TYPE_BRAIN_MODELS", brain.Attribute("IndicesMapToDataType")!.Value);
        var models = brain.Elements("BrainModel").ToList();
        Assert.Equal(["CIFTI_STRUCTURE_CORTEX_LEFT", "CIFTI_STRUCTURE_CORTEX_RIGHT"], models.Select(m => m.Attribute("BrainStructure")!.Value));
        Assert.Equal(["0", "3"], models.Select(m => m.Attribute("IndexOffset")!.Value));
        Assert.Equal(["3", "2"], models.Select(m => m.Attribute("IndexCount")!.Value));
        Assert.All(models, m => Assert.Equal("CIFTI_MODEL_TYPE_SURFACE", m.Attribute("ModelType")!.Value));
        Assert.All(models, m => Assert.Equal("10", m.Attribute("SurfaceNumberOfVertices")!.Value));
        Assert.Equal(["0 2 7", "1 9"], models.Select(m => m.Element("VertexIndices")!.Value.Trim()));
    }

    [Fact]
    public void Write_Data_IsFloat32LittleEndianTimeFastestAtVoxOffset()
    {
        // Given data[g * T + t] = 100 g + t
        var path = Path.Combine(dir, "d.dtseries.nii");
        var data = new float[20];
        for (var g = 0; g < 5; g++)
        {
            for (var t = 0; t < 4; t++)
            {
                data[(g * 4) + t] = (100 * g) + t + 0.5f;
            }
        }

        // When written
        CiftiWriter.Write(path, TwoHemispheres(), 4, data);
        var b = File.ReadAllBytes(path);
        var voxOffset = (int)BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(168));

        // Then value k of the data block is data[k]
        Assert.Equal(302.5f, BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(voxOffset + (4 * ((3 * 4) + 2)))));
        for (var k = 0; k < 20; k++)
        {
            Assert.Equal(data[k], BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(voxOffset + (4 * k))));
        }
    }

    [Fact]
    public void Write_WhenDataLengthDisagrees_Throws()
    {
        // Given 5 grayordinates × 4 volumes but 19 values
        var path = Path.Combine(dir, "e.dtseries.nii");

        // When / Then
        var ex = Assert.Throws<ArgumentException>(() => CiftiWriter.Write(path, TwoHemispheres(), 4, new float[19]));
        Assert.Contains("19", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_WhenModelsLeaveAGap_Throws()
    {
        // Given a right hemisphere that starts at 4 instead of 3
        IReadOnlyList<CiftiBrainModel> models =
        [
            new("CIFTI_STRUCTURE_CORTEX_LEFT", 0, 3, 10, [0, 2, 7]),
            new("CIFTI_STRUCTURE_CORTEX_RIGHT", 4, 2, 10, [1, 9]),
        ];

        // When / Then
        Assert.Throws<ArgumentException>(() => CiftiWriter.Write(Path.Combine(dir, "f.nii"), models, 4, new float[20]));
    }
}
