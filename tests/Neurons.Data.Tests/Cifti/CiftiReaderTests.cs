using Neurons.Data.Cifti;

namespace Neurons.Data.Tests.Cifti;

public sealed class CiftiReaderTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("cifti-reader-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Open_WhatTheWriterWrote_ReturnsModelsAndValues()
    {
        // Given a file from the production writer, data[g * T + t] = 10 g - t / 4
        var path = Path.Combine(dir, "w.dtseries.nii");
        var data = new float[5 * 4];
        for (var k = 0; k < data.Length; k++)
        {
            data[k] = (10 * (k / 4)) - ((k % 4) / 4f);
        }

        CiftiWriter.Write(path, CiftiWriterTests.TwoHemispheres(), 4, data);

        // When read back
        using var reader = CiftiReader.Open(path);
        var rows = new float[5 * 4];
        reader.ReadRows(0, 5, rows);

        // Then header, models and values round-trip
        Assert.True(reader.Header.LittleEndian);
        Assert.Equal(CiftiDataType.Float32, reader.Header.DataType);
        Assert.Equal(4, reader.Header.Volumes);
        Assert.Equal(5, reader.Header.Grayordinates);
        Assert.Equal(2.0, reader.Header.SeriesStep);
        Assert.Equal(["CIFTI_STRUCTURE_CORTEX_LEFT", "CIFTI_STRUCTURE_CORTEX_RIGHT"], reader.Header.Models.Select(m => m.Structure));
        Assert.Equal([1, 9], reader.Header.Models[1].VertexIndices);
        Assert.Equal(10, reader.Header.Models[0].SurfaceVertexCount);
        Assert.Equal(data, rows);
    }

    [Theory]
    [InlineData(true, (short)16)]
    [InlineData(false, (short)16)]
    [InlineData(true, (short)64)]
    [InlineData(false, (short)64)]
    [InlineData(true, (short)4)]
    [InlineData(false, (short)4)]
    public void ReadRows_EveryByteOrderAndDatatype_ReturnsScaledValues(bool littleEndian, short datatype)
    {
        // Given stored value k = k - 7 with scl_slope 0.5 and scl_inter 3
        var path = Path.Combine(dir, $"s{littleEndian}{datatype}.nii");
        new CiftiTestFile { LittleEndian = littleEndian, Datatype = datatype, SclSlope = 0.5, SclInter = 3 }.Write(path, k => k - 7);

        // When rows 2..4 are read
        using var reader = CiftiReader.Open(path);
        var rows = new float[3 * 4];
        reader.ReadRows(2, 3, rows);

        // Then each value is 0.5 (k - 7) + 3 for k = 8..19
        Assert.Equal(littleEndian, reader.Header.LittleEndian);
        Assert.Equal((CiftiDataType)datatype, reader.Header.DataType);
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal((0.5 * (8 + i - 7)) + 3, rows[i], 6);
        }
    }

    [Theory]
    [InlineData(0.0, 5.0)]
    [InlineData(1.0, 0.0)]
    public void ReadRows_WhenSlopeIsZeroOrIdentity_ReturnsStoredValues(double slope, double inter)
    {
        // Given scl_slope 0 (meaning "unscaled") or the identity
        var path = Path.Combine(dir, "unscaled.nii");
        new CiftiTestFile { SclSlope = slope, SclInter = inter }.Write(path, k => k * 1.5);

        // When read
        using var reader = CiftiReader.Open(path);
        var rows = new float[20];
        reader.ReadRows(0, 5, rows);

        // Then values are as stored
        Assert.Equal(Enumerable.Range(0, 20).Select(k => (float)(k * 1.5)), rows);
    }

    [Fact]
    public void Open_WithVolumeModel_ListsItWithoutVertices()
    {
        // Given left and right cortex plus a thalamus voxel model
        var path = Path.Combine(dir, "vox.nii");
        new CiftiTestFile { ModelCounts = [3, 2, 4] }.Write(path, k => k);

        // When opened
        var header = CiftiReader.ReadHeader(path);

        // Then three models tile 0..8 and the voxel model has no vertices
        Assert.Equal(9, header.Grayordinates);
        Assert.Equal([0, 3, 5], header.Models.Select(m => m.IndexOffset));
        Assert.Empty(header.Models[2].VertexIndices);
    }

    public static TheoryData<string, CiftiTestFile, int, string> Malformed() => new()
    {
        { "magic", new CiftiTestFile { MagicOverride = "n+1\0\r\n\x1a\n"u8.ToArray() }, 0, "bad magic" },
        { "nifti1", new CiftiTestFile { SizeofHdr = 348 }, 0, "NIfTI-1" },
        { "sizeof", new CiftiTestFile { SizeofHdr = 12345 }, 0, "sizeof_hdr is 12345" },
        { "truncated", new CiftiTestFile(), 6, "truncated" },
        { "dtype", new CiftiTestFile { Datatype = 2 }, 0, "datatype 2" },
        { "intent", new CiftiTestFile { IntentCode = 3001 }, 0, "intent_code is 3001" },
        { "dims", new CiftiTestFile { DimOverride = [5, 1, 1, 1, 1, 4, 5, 1] }, 0, "dim = [5,1,1,1,1,4,5,1]" },
        { "series", new CiftiTestFile { XmlSeriesPoints = 7 }, 0, "dim[5] = 4 volumes but the XML series has 7 points" },
        { "gray", new CiftiTestFile { DimOverride = [6, 1, 1, 1, 1, 4, 4, 1] }, 0, "dim[6] = 4 grayordinates but the XML brain models cover 5" },
        { "noext", new CiftiTestFile { WithExtension = false }, 0, "no NIfTI header extension" },
        { "xml", new CiftiTestFile { XmlOverride = "<CIFTI Version=\"2\"><Matrix>" }, 0, "not well-formed XML" },
        { "notseries", new CiftiTestFile { XmlOverride = new CiftiTestFile().BuildXml().Replace("CIFTI_INDEX_TYPE_SERIES", "CIFTI_INDEX_TYPE_SCALARS", StringComparison.Ordinal) }, 0, "expected CIFTI_INDEX_TYPE_SERIES" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Open_WhenMalformed_FailsWithOneLineNamingFileAndProblem(string name, CiftiTestFile file, int truncate, string expected)
    {
        // Given a malformed file
        var path = Path.Combine(dir, name + ".dtseries.nii");
        var spec = truncate == 0 ? file : new CiftiTestFile { TruncateDataBytes = truncate };
        spec.Write(path, k => k);

        // When opened
        var ex = Assert.Throws<CiftiFormatException>(() => CiftiReader.Open(path));

        // Then the message is one line naming the file and the problem
        Assert.StartsWith(path + ": ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
