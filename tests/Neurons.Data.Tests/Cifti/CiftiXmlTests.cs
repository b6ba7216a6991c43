using System.Globalization;
using System.Text;
using Neurons.Data.Cifti;

namespace Neurons.Data.Tests.Cifti;

public sealed class CiftiXmlTests
{
    private const string Head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CIFTI Version=\"2\"><Matrix>"
        + "<MatrixIndicesMap AppliesToMatrixDimension=\"0\" IndicesMapToDataType=\"CIFTI_INDEX_TYPE_SERIES\" NumberOfSeriesPoints=\"4\" SeriesExponent=\"0\" SeriesStart=\"0\" SeriesStep=\"0.8\" SeriesUnit=\"SECOND\"/>"
        + "<MatrixIndicesMap AppliesToMatrixDimension=\"1\" IndicesMapToDataType=\"CIFTI_INDEX_TYPE_BRAIN_MODELS\">";

    private const string Tail = "</MatrixIndicesMap></Matrix></CIFTI>";

    /// <summary>Documents whose index text or structure is unusual: (name, XML).</summary>
    public static TheoryData<string, string> Documents() => new()
    {
        { "plain", new CiftiTestFile().BuildXml() },
        { "voxels", new CiftiTestFile { ModelCounts = [3, 2, 4] }.BuildXml() },
        { "blanks", Surface(6, "\n  0\t2   4\r\n6 \n 8\n10  ") },
        { "leading zeros", Surface(3, "007 0 2147483647") },
        { "comment splits a number", Surface(3, "1 2<!-- c -->3 4 5") },
        { "comment between numbers", Surface(3, "1 <!-- c --> 2 3") },
        { "cdata", Surface(4, "<![CDATA[5 6]]> 7 <![CDATA[8]]>") },
        { "character references", Surface(4, "&#32;8&#x20;9&#10;10&#9;11") },
        { "nested element", Surface(3, "1 <b>2</b> 3") },
        { "non-ascii blank", Surface(2, "1\u00A02") },
        { "empty element", Surface(0, null) },
        { "empty text", Surface(0, string.Empty) },
        { "missing list", Surface(0, null, withList: false) },
        { "two lists, first wins", Surface(2, "1 2</VertexIndices><VertexIndices>3 4 5") },
        { "letter", Surface(3, "1 2x 3") },
        { "letter after a bad token", Surface(3, "1 y z") },
        { "minus", Surface(2, "-1 2") },
        { "overflow", Surface(2, "1 2147483648") },
        { "long overflow", Surface(2, "99999999999999999999999 3") },
        { "full-width digit", Surface(2, "1 \uFF12") },
        { "count mismatch", Surface(5, "1 2 3") },
        { "bad list in a voxel model is ignored", Head + Model(0, 2, "0 1") + "<BrainModel IndexOffset=\"2\" IndexCount=\"1\" ModelType=\"CIFTI_MODEL_TYPE_VOXELS\" BrainStructure=\"CIFTI_STRUCTURE_THALAMUS_LEFT\"><VertexIndices>x</VertexIndices><VoxelIndicesIJK>1 2 3</VoxelIndicesIJK></BrainModel>" + Tail },
        { "dtd entity", "<?xml version=\"1.0\"?><!DOCTYPE CIFTI [<!ENTITY v \"4 5\">]>" + Head[(Head.IndexOf("<CIFTI", StringComparison.Ordinal))..] + Model(0, 3, "3 &v;") + Tail },
        { "models out of order", Head + Model(2, 1, "9") + Model(0, 2, "0 1", "CIFTI_STRUCTURE_CORTEX_RIGHT") + Tail },
        { "models with a gap", Head + Model(0, 2, "0 1") + Model(3, 1, "9", "CIFTI_STRUCTURE_CORTEX_RIGHT") + Tail },
        { "no models", Head + Tail },
        { "bad model type", Head + "<BrainModel IndexOffset=\"0\" IndexCount=\"1\" ModelType=\"CIFTI_MODEL_TYPE_FOO\" BrainStructure=\"X\"/>" + Tail },
        { "no structure", Head + "<BrainModel IndexOffset=\"0\" IndexCount=\"1\" ModelType=\"CIFTI_MODEL_TYPE_VOXELS\"/>" + Tail },
        { "bad offset", Head + "<BrainModel IndexOffset=\"-1\" IndexCount=\"1\" ModelType=\"CIFTI_MODEL_TYPE_VOXELS\" BrainStructure=\"X\"/>" + Tail },
        { "bad surface size after a bad list", Head + "<BrainModel IndexOffset=\"0\" IndexCount=\"1\" ModelType=\"CIFTI_MODEL_TYPE_SURFACE\" BrainStructure=\"X\"><VertexIndices>q</VertexIndices></BrainModel>" + Tail },
        { "namespaced root", "<CIFTI xmlns=\"urn:x\" Version=\"2\"><Matrix/></CIFTI>" },
        { "version 1", "<CIFTI Version=\"1.0\"><Matrix/></CIFTI>" },
        { "no version", "<CIFTI><Matrix/></CIFTI>" },
        { "wrong root", "<NIFTI Version=\"2\"/>" },
        { "no matrix", "<CIFTI Version=\"2\"><Other/></CIFTI>" },
        { "empty matrix", "<CIFTI Version=\"2\"><Matrix/></CIFTI>" },
        { "second matrix ignored", Head + Model(0, 1, "5") + Tail[..^"</CIFTI>".Length] + "<Matrix><MatrixIndicesMap AppliesToMatrixDimension=\"0,1\"/></Matrix></CIFTI>" },
        { "map for both dimensions", "<CIFTI Version=\"2\"><Matrix><MatrixIndicesMap AppliesToMatrixDimension=\" 1 , 0 \" IndicesMapToDataType=\"CIFTI_INDEX_TYPE_SERIES\" NumberOfSeriesPoints=\"3\"/></Matrix></CIFTI>" },
        { "scalars", new CiftiTestFile().BuildXml().Replace("CIFTI_INDEX_TYPE_SERIES", "CIFTI_INDEX_TYPE_SCALARS", StringComparison.Ordinal) },
        { "bad points", new CiftiTestFile().BuildXml().Replace("NumberOfSeriesPoints=\"4\"", "NumberOfSeriesPoints=\"four\"", StringComparison.Ordinal) },
        { "no step", new CiftiTestFile().BuildXml().Replace("SeriesStep=\"2\"", string.Empty, StringComparison.Ordinal) },
        { "not well-formed", "<CIFTI Version=\"2\"><Matrix>" },
        { "mismatched tag", Surface(2, "1 2</VertexIndices></BrainModel></Oops") },
        { "empty", string.Empty },
        { "padding", new CiftiTestFile().BuildXml() + "\n\0\0\0  " },
        { "byte order mark", "\uFEFF" + new CiftiTestFile().BuildXml() },
        { "replacement character in a list", Surface(2, "1 \uFFFD") },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void Parse_AnyDocument_MatchesTheElementTreeParser(string name, string xml)
    {
        // Given a CIFTI XML document
        var bytes = Encoding.UTF8.GetBytes(xml);

        // When both the streaming parser and the XElement parser read it
        var actual = Outcome(() => CiftiXml.Parse("f.nii", bytes));
        var expected = Outcome(() => XElementCiftiXml.Parse("f.nii", bytes));

        // Then the models, series and error messages are the same
        Assert.True(expected == actual, $"{name}:\nexpected {expected}\nactual   {actual}");
    }

    [Fact]
    public void Parse_FullSizeIndexLists_MatchesTheElementTreeParser()
    {
        // Given two cortices of 29,696 and 29,716 vertices of 32,492, ten indices per line as wb_command writes them
        var xml = new StringBuilder(Head);
        var offset = 0;
        foreach (var (structure, count) in new[] { ("CIFTI_STRUCTURE_CORTEX_LEFT", 29696), ("CIFTI_STRUCTURE_CORTEX_RIGHT", 29716) })
        {
            var text = new StringBuilder();
            for (var i = 0; i < count; i++)
            {
                text.Append((int)((long)i * 32492 / count)).Append(i % 10 == 9 ? '\n' : ' ');
            }

            xml.Append(Model(offset, count, text.ToString(), structure));
            offset += count;
        }

        var bytes = Encoding.UTF8.GetBytes(xml.Append(Tail).ToString());

        // When parsed
        var (_, _, models) = CiftiXml.Parse("f.nii", bytes);

        // Then every index is the XElement parser's, and the last right-cortex vertex is ⌊29715 · 32492 / 29716⌋ = 32490
        var (_, _, expected) = XElementCiftiXml.Parse("f.nii", bytes);
        Assert.Equal(expected[0].VertexIndices, models[0].VertexIndices);
        Assert.Equal(expected[1].VertexIndices, models[1].VertexIndices);
        Assert.Equal(32490, models[1].VertexIndices[^1]);
        Assert.Equal(29716, models[1].VertexIndices.Count);
    }

    [Fact]
    public void Parse_InvalidUtf8InAList_FailsLikeTheElementTreeParser()
    {
        // Given a vertex list holding the byte 0xFF (not UTF-8: decoded as U+FFFD, as Encoding.UTF8.GetString does)
        var text = Encoding.UTF8.GetBytes(Surface(2, "1 #"));
        text[Array.IndexOf(text, (byte)'#')] = 0xFF;

        // When both parsers read it
        var actual = Outcome(() => CiftiXml.Parse("f.nii", text));
        var expected = Outcome(() => XElementCiftiXml.Parse("f.nii", text));

        // Then both name the bad index U+FFFD
        Assert.Equal(expected, actual);
        Assert.Equal("error: f.nii: BrainModel CIFTI_STRUCTURE_CORTEX_LEFT has a bad vertex index '\uFFFD'", actual);
    }

    private static string Surface(int count, string? indices, bool withList = true) =>
        Head + (withList ? Model(0, count, indices) : $"<BrainModel IndexOffset=\"0\" IndexCount=\"{count}\" ModelType=\"CIFTI_MODEL_TYPE_SURFACE\" BrainStructure=\"CIFTI_STRUCTURE_CORTEX_LEFT\" SurfaceNumberOfVertices=\"32492\"></BrainModel>") + Tail;

    private static string Model(int offset, int count, string? indices, string structure = "CIFTI_STRUCTURE_CORTEX_LEFT") =>
        string.Create(CultureInfo.InvariantCulture, $"<BrainModel IndexOffset=\"{offset}\" IndexCount=\"{count}\" ModelType=\"CIFTI_MODEL_TYPE_SURFACE\" BrainStructure=\"{structure}\" SurfaceNumberOfVertices=\"32492\">")
        + (indices is null ? "<VertexIndices/>" : $"<VertexIndices>{indices}</VertexIndices>")
        + "</BrainModel>";

    /// <summary>The parse result or error message as one comparable string.</summary>
    private static string Outcome(Func<(int Points, double Step, IReadOnlyList<CiftiBrainModel> Models)> parse)
    {
        try
        {
            var (points, step, models) = parse();
            var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"points {points} step {step:R}"));
            foreach (var m in models)
            {
                text.Append(CultureInfo.InvariantCulture, $" | {m.Structure} {m.IndexOffset}+{m.IndexCount} of {m.SurfaceVertexCount}: {string.Join(',', m.VertexIndices)}");
            }

            return text.ToString();
        }
        catch (CiftiFormatException ex)
        {
            return "error: " + ex.Message;
        }
    }
}
