using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

using Neurons.Data.Cifti;

namespace Neurons.Data.Tests.Cifti;

/// <summary>
/// The test oracle for <c>CiftiXml</c>: the reader's previous parser, which builds the whole document as an
/// <see cref="XElement"/> tree and a string per index list. The streaming parser must give the same models and the
/// same error messages for every document.
/// </summary>
internal static class XElementCiftiXml
{
    /// <summary>Parses the XML bytes of the CIFTI extension (trailing NUL or blank padding allowed).</summary>
    /// <returns>The series length, the series step and the brain models.</returns>
    public static (int SeriesPoints, double SeriesStep, IReadOnlyList<CiftiBrainModel> Models) Parse(string path, ReadOnlySpan<byte> xml)
    {
        var end = xml.Length;
        while (end > 0 && (xml[end - 1] == 0 || xml[end - 1] == (byte)' ' || xml[end - 1] == (byte)'\n'))
        {
            end--;
        }

        XElement root;
        try
        {
            root = XElement.Parse(Encoding.UTF8.GetString(xml[..end]));
        }
        catch (XmlException ex)
        {
            throw For(path, $"CIFTI XML extension is not well-formed XML ({ex.Message.ReplaceLineEndings(" ")})");
        }

        if (root.Name.LocalName != "CIFTI")
        {
            throw For(path, $"CIFTI XML root element is <{root.Name.LocalName}>, expected <CIFTI>");
        }

        var version = root.Attribute("Version")?.Value;
        if (version is null || !version.StartsWith('2'))
        {
            throw For(path, $"CIFTI XML Version is '{version ?? "missing"}', expected 2");
        }

        var maps = root.Element("Matrix")?.Elements("MatrixIndicesMap").ToList()
            ?? throw For(path, "CIFTI XML has no <Matrix> element");

        var series = FindMap(path, maps, 0);
        if (series.Attribute("IndicesMapToDataType")?.Value != "CIFTI_INDEX_TYPE_SERIES")
        {
            throw For(path, $"matrix dimension 0 maps to {series.Attribute("IndicesMapToDataType")?.Value ?? "nothing"}, expected CIFTI_INDEX_TYPE_SERIES (not a dense time series)");
        }

        var points = IntAttribute(path, series, "NumberOfSeriesPoints");
        var step = series.Attribute("SeriesStep") is { } s && double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var st) ? st : double.NaN;

        var brain = FindMap(path, maps, 1);
        if (brain.Attribute("IndicesMapToDataType")?.Value != "CIFTI_INDEX_TYPE_BRAIN_MODELS")
        {
            throw For(path, $"matrix dimension 1 maps to {brain.Attribute("IndicesMapToDataType")?.Value ?? "nothing"}, expected CIFTI_INDEX_TYPE_BRAIN_MODELS");
        }

        var models = new List<CiftiBrainModel>();
        foreach (var m in brain.Elements("BrainModel"))
        {
            var structure = m.Attribute("BrainStructure")?.Value ?? throw For(path, "a BrainModel has no BrainStructure");
            var offset = IntAttribute(path, m, "IndexOffset");
            var count = IntAttribute(path, m, "IndexCount");
            var type = m.Attribute("ModelType")?.Value;
            if (type == "CIFTI_MODEL_TYPE_SURFACE")
            {
                var surface = IntAttribute(path, m, "SurfaceNumberOfVertices");
                var vertices = ParseInts(path, structure, m.Element("VertexIndices")?.Value);
                if (vertices.Count != count)
                {
                    throw For(path, $"BrainModel {structure} has IndexCount {count} but {vertices.Count} VertexIndices");
                }

                models.Add(new CiftiBrainModel(structure, offset, count, surface, vertices));
            }
            else if (type == "CIFTI_MODEL_TYPE_VOXELS")
            {
                models.Add(new CiftiBrainModel(structure, offset, count, 0, []));
            }
            else
            {
                throw For(path, $"BrainModel {structure} has ModelType '{type ?? "missing"}'");
            }
        }

        if (models.Count == 0)
        {
            throw For(path, "the BRAIN_MODELS map lists no BrainModel");
        }

        models.Sort((a, b) => a.IndexOffset.CompareTo(b.IndexOffset));
        var next = 0;
        foreach (var m in models)
        {
            if (m.IndexOffset != next)
            {
                throw For(path, $"BrainModel {m.Structure} starts at index {m.IndexOffset}, expected {next} (brain models must tile the dimension)");
            }

            next += m.IndexCount;
        }

        return (points, step, models);
    }

    private static CiftiFormatException For(string path, string problem) => new($"{path}: {problem}");

    private static XElement FindMap(string path, List<XElement> maps, int dimension)
    {
        foreach (var map in maps)
        {
            var applies = map.Attribute("AppliesToMatrixDimension")?.Value ?? string.Empty;
            if (applies.Split(',', StringSplitOptions.TrimEntries).Contains(dimension.ToString(CultureInfo.InvariantCulture)))
            {
                return map;
            }
        }

        throw For(path, $"CIFTI XML has no MatrixIndicesMap for matrix dimension {dimension}");
    }

    private static int IntAttribute(string path, XElement e, string name) =>
        e.Attribute(name) is { } a && int.TryParse(a.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0
            ? v
            : throw For(path, $"<{e.Name.LocalName}> attribute {name} is '{e.Attribute(name)?.Value ?? "missing"}', expected a non-negative integer");

    private static List<int> ParseInts(string path, string structure, string? text)
    {
        var result = new List<int>();
        if (text is null)
        {
            return result;
        }

        // Hand-rolled: a full-size file lists ~60,000 indices, and splitting into strings would dominate the open.
        var span = text.AsSpan();
        var i = 0;
        while (i < span.Length)
        {
            while (i < span.Length && char.IsWhiteSpace(span[i]))
            {
                i++;
            }

            var start = i;
            while (i < span.Length && !char.IsWhiteSpace(span[i]))
            {
                i++;
            }

            if (i == start)
            {
                break;
            }

            var token = span[start..i];
            if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
            {
                throw For(path, $"BrainModel {structure} has a bad vertex index '{token}'");
            }

            result.Add(v);
        }

        return result;
    }
}
