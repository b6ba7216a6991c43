using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Xml;

namespace Neurons.Data.Cifti;

/// <summary>
/// Parses the CIFTI-2 XML of a dense time series: the SERIES map and the BRAIN_MODELS map. One forward pass of an
/// <see cref="XmlReader"/> (no element tree): attributes are read as strings, but the index lists (a full-size file
/// lists ~60,000 vertex indices) are read in chunks with <see cref="XmlReader.ReadValueChunk"/> and parsed digit by
/// digit, so no string is built per number or per list. Same reader settings and the same checks, in the same order,
/// as parsing the whole document with <c>XElement.Parse</c>.
/// </summary>
internal static class CiftiXml
{
    private static readonly XmlReaderSettings Settings = new()
    {
        // What XElement.Parse(string) uses with LoadOptions.None.
        DtdProcessing = DtdProcessing.Parse,
        MaxCharactersFromEntities = 10_000_000,
        IgnoreWhitespace = true,
        XmlResolver = null,
    };

    /// <summary>Parses the XML bytes of the CIFTI extension (trailing NUL or blank padding allowed).</summary>
    /// <returns>The series length, the series step and the brain models.</returns>
    public static (int SeriesPoints, double SeriesStep, IReadOnlyList<CiftiBrainModel> Models) Parse(string path, ReadOnlyMemory<byte> xml)
    {
        var bytes = xml.Span;
        var end = bytes.Length;
        while (end > 0 && (bytes[end - 1] == 0 || bytes[end - 1] == (byte)' ' || bytes[end - 1] == (byte)'\n'))
        {
            end--;
        }

        Document document;
        try
        {
            // Decoded as Encoding.UTF8.GetString would (BOM kept as a character, invalid bytes replaced), but in chunks:
            // no string of the whole document on the large-object heap per file.
            var array = MemoryMarshal.TryGetArray(xml[..end], out var segment) ? segment : new ArraySegment<byte>(xml[..end].ToArray());
            using var text = new StreamReader(new MemoryStream(array.Array!, array.Offset, array.Count, writable: false), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false, bufferSize: 16384);
            document = Read(text);
        }
        catch (XmlException ex)
        {
            throw CiftiFormatException.For(path, $"CIFTI XML extension is not well-formed XML ({ex.Message.ReplaceLineEndings(" ")})");
        }

        if (document.RootName != "CIFTI")
        {
            throw CiftiFormatException.For(path, $"CIFTI XML root element is <{document.RootName}>, expected <CIFTI>");
        }

        var version = document.Version;
        if (version is null || !version.StartsWith('2'))
        {
            throw CiftiFormatException.For(path, $"CIFTI XML Version is '{version ?? "missing"}', expected 2");
        }

        var maps = document.Maps ?? throw CiftiFormatException.For(path, "CIFTI XML has no <Matrix> element");

        var series = FindMap(path, maps, 0);
        if (series.Attribute("IndicesMapToDataType") != "CIFTI_INDEX_TYPE_SERIES")
        {
            throw CiftiFormatException.For(path, $"matrix dimension 0 maps to {series.Attribute("IndicesMapToDataType") ?? "nothing"}, expected CIFTI_INDEX_TYPE_SERIES (not a dense time series)");
        }

        var points = IntAttribute(path, series, "NumberOfSeriesPoints");
        var step = series.Attribute("SeriesStep") is { } s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var st) ? st : double.NaN;

        var brain = FindMap(path, maps, 1);
        if (brain.Attribute("IndicesMapToDataType") != "CIFTI_INDEX_TYPE_BRAIN_MODELS")
        {
            throw CiftiFormatException.For(path, $"matrix dimension 1 maps to {brain.Attribute("IndicesMapToDataType") ?? "nothing"}, expected CIFTI_INDEX_TYPE_BRAIN_MODELS");
        }

        var models = new List<CiftiBrainModel>();
        foreach (var m in brain.Models)
        {
            var structure = m.Attribute("BrainStructure") ?? throw CiftiFormatException.For(path, "a BrainModel has no BrainStructure");
            var offset = IntAttribute(path, m, "IndexOffset");
            var count = IntAttribute(path, m, "IndexCount");
            var type = m.Attribute("ModelType");
            if (type == "CIFTI_MODEL_TYPE_SURFACE")
            {
                var surface = IntAttribute(path, m, "SurfaceNumberOfVertices");
                if (m.BadVertexIndex is { } bad)
                {
                    throw CiftiFormatException.For(path, $"BrainModel {structure} has a bad vertex index '{bad}'");
                }

                var vertices = m.VertexIndices ?? [];
                if (vertices.Count != count)
                {
                    throw CiftiFormatException.For(path, $"BrainModel {structure} has IndexCount {count} but {vertices.Count} VertexIndices");
                }

                models.Add(new CiftiBrainModel(structure, offset, count, surface, vertices));
            }
            else if (type == "CIFTI_MODEL_TYPE_VOXELS")
            {
                models.Add(new CiftiBrainModel(structure, offset, count, 0, []));
            }
            else
            {
                throw CiftiFormatException.For(path, $"BrainModel {structure} has ModelType '{type ?? "missing"}'");
            }
        }

        if (models.Count == 0)
        {
            throw CiftiFormatException.For(path, "the BRAIN_MODELS map lists no BrainModel");
        }

        models.Sort((a, b) => a.IndexOffset.CompareTo(b.IndexOffset));
        var next = 0;
        foreach (var m in models)
        {
            if (m.IndexOffset != next)
            {
                throw CiftiFormatException.For(path, $"BrainModel {m.Structure} starts at index {m.IndexOffset}, expected {next} (brain models must tile the dimension)");
            }

            next += m.IndexCount;
        }

        return (points, step, models);
    }

    /// <summary>Reads the whole document (so any well-formedness error surfaces before the checks), keeping what the checks need.</summary>
    private static Document Read(TextReader text)
    {
        using var reader = XmlReader.Create(text, Settings);
        var document = new Document();
        reader.MoveToContent();
        if (reader.NodeType != XmlNodeType.Element)
        {
            // MoveToContent stops at the root element of any well-formed document; read on to get the reader's own error.
            while (reader.Read())
            {
            }

            throw new XmlException("Root element is missing.");
        }

        document.RootName = reader.LocalName;
        document.Version = reader.GetAttribute("Version");
        if (reader.IsEmptyElement)
        {
            ReadToEnd(reader);
            return document;
        }

        var chunk = new char[8192];
        var rootDepth = reader.Depth;
        var inMatrix = false;
        Element? map = null;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement)
            {
                if (reader.Depth == rootDepth + 1)
                {
                    inMatrix = false;
                }
                else if (reader.Depth == rootDepth + 2)
                {
                    map = null;
                }

                continue;
            }

            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            var depth = reader.Depth - rootDepth;
            var plain = reader.NamespaceURI.Length == 0;
            if (depth == 1 && plain && reader.LocalName == "Matrix" && document.Maps is null)
            {
                // XElement.Element("Matrix"): the first Matrix child of the root.
                document.Maps = [];
                inMatrix = !reader.IsEmptyElement;
            }
            else if (depth == 2 && inMatrix && plain && reader.LocalName == "MatrixIndicesMap")
            {
                map = new Element(reader);
                document.Maps!.Add(map);
                if (reader.IsEmptyElement)
                {
                    map = null;
                }
            }
            else if (depth == 3 && map is not null && plain && reader.LocalName == "BrainModel")
            {
                var model = new Element(reader);
                map.Models.Add(model);
                if (!reader.IsEmptyElement)
                {
                    ReadBrainModel(reader, model, chunk);
                }
            }
        }

        return document;
    }

    /// <summary>Reads a BrainModel's content up to its end tag, parsing its first VertexIndices child (XElement.Element + Value).</summary>
    private static void ReadBrainModel(XmlReader reader, Element model, char[] chunk)
    {
        var depth = reader.Depth;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth)
            {
                return;
            }

            if (reader.NodeType == XmlNodeType.Element && reader.Depth == depth + 1 && model.VertexIndices is null && model.BadVertexIndex is null
                && reader.NamespaceURI.Length == 0 && reader.LocalName == "VertexIndices")
            {
                var parser = new IndexListParser(model.Attribute("IndexCount"));
                if (!reader.IsEmptyElement)
                {
                    ReadIndexText(reader, parser, chunk);
                }

                parser.Finish();
                if (parser.BadToken is { } bad)
                {
                    model.BadVertexIndex = bad;
                }
                else
                {
                    model.VertexIndices = parser.Values;
                }
            }
        }
    }

    /// <summary>Feeds every text node inside the current element (its string value, as XElement.Value) to the parser, chunk by chunk.</summary>
    private static void ReadIndexText(XmlReader reader, IndexListParser parser, char[] chunk)
    {
        var depth = reader.Depth;
        reader.Read();
        while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth) && !reader.EOF)
        {
            if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)
            {
                int n;
                while ((n = reader.ReadValueChunk(chunk, 0, chunk.Length)) > 0)
                {
                    parser.Feed(chunk.AsSpan(0, n));
                }
            }

            reader.Read();
        }
    }

    private static void ReadToEnd(XmlReader reader)
    {
        while (reader.Read())
        {
        }
    }

    private static Element FindMap(string path, List<Element> maps, int dimension)
    {
        foreach (var map in maps)
        {
            var applies = map.Attribute("AppliesToMatrixDimension") ?? string.Empty;
            if (applies.Split(',', StringSplitOptions.TrimEntries).Contains(dimension.ToString(CultureInfo.InvariantCulture)))
            {
                return map;
            }
        }

        throw CiftiFormatException.For(path, $"CIFTI XML has no MatrixIndicesMap for matrix dimension {dimension}");
    }

    private static int IntAttribute(string path, Element e, string name) =>
        e.Attribute(name) is { } a && int.TryParse(a, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0
            ? v
            : throw CiftiFormatException.For(path, $"<{e.Name}> attribute {name} is '{e.Attribute(name) ?? "missing"}', expected a non-negative integer");

    /// <summary>What the checks need of the document.</summary>
    private sealed class Document
    {
        public string RootName { get; set; } = string.Empty;

        public string? Version { get; set; }

        /// <summary>Gets or sets the MatrixIndicesMap children of the first Matrix element; null when there is no Matrix.</summary>
        public List<Element>? Maps { get; set; }
    }

    /// <summary>An element's local name and unprefixed attributes (what XElement.Attribute(name) finds), plus its parsed children.</summary>
    private sealed class Element
    {
        private readonly List<KeyValuePair<string, string>> attributes = [];

        public Element(XmlReader reader)
        {
            Name = reader.LocalName;
            if (reader.MoveToFirstAttribute())
            {
                do
                {
                    if (reader.NamespaceURI.Length == 0)
                    {
                        attributes.Add(new(reader.LocalName, reader.Value));
                    }
                }
                while (reader.MoveToNextAttribute());
                reader.MoveToElement();
            }
        }

        public string Name { get; }

        /// <summary>Gets the BrainModel children (of a MatrixIndicesMap).</summary>
        public List<Element> Models { get; } = [];

        /// <summary>Gets or sets the parsed VertexIndices (of a BrainModel); null when it has none.</summary>
        public List<int>? VertexIndices { get; set; }

        /// <summary>Gets or sets the first token of the VertexIndices that is not a non-negative 32-bit integer.</summary>
        public string? BadVertexIndex { get; set; }

        public string? Attribute(string name)
        {
            foreach (var (key, value) in attributes)
            {
                if (key == name)
                {
                    return value;
                }
            }

            return null;
        }
    }

    /// <summary>
    /// Splits text fed in chunks at white space (<see cref="char.IsWhiteSpace(char)"/>) and parses each token as
    /// <c>int.TryParse(token, NumberStyles.None, InvariantCulture)</c> would: ASCII digits only, at most
    /// <see cref="int.MaxValue"/>. A token may span chunks. The first bad token is kept (its text) and parsing stops.
    /// </summary>
    private sealed class IndexListParser
    {
        private const long Overflow = (long)int.MaxValue + 1;
        private char[] token = new char[16];
        private int length;
        private long value;
        private bool bad;

        /// <summary>Initializes a new instance of the <see cref="IndexListParser"/> class, sized for the model's IndexCount when it is a sane number.</summary>
        public IndexListParser(string? expectedCount)
        {
            Values = int.TryParse(expectedCount, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 1 << 22 ? new List<int>(n) : [];
        }

        public List<int> Values { get; }

        public string? BadToken { get; private set; }

        public void Feed(ReadOnlySpan<char> text)
        {
            if (BadToken is not null)
            {
                return;
            }

            foreach (var c in text)
            {
                var digit = (uint)(c - '0');
                if (digit <= 9)
                {
                    value = Math.Min((value * 10) + digit, Overflow);
                }
                else if (char.IsWhiteSpace(c))
                {
                    if (length > 0 && !EndToken())
                    {
                        return;
                    }

                    continue;
                }
                else
                {
                    bad = true;
                }

                // The token's text is kept only for the error message of a bad token.
                if (length == token.Length)
                {
                    Array.Resize(ref token, token.Length * 2);
                }

                token[length++] = c;
            }
        }

        public void Finish()
        {
            if (length > 0 && BadToken is null)
            {
                EndToken();
            }
        }

        /// <summary>Ends the current token; false when it is bad (and kept as <see cref="BadToken"/>).</summary>
        private bool EndToken()
        {
            if (bad || value >= Overflow)
            {
                BadToken = new string(token, 0, length);
                return false;
            }

            Values.Add((int)value);
            value = 0;
            length = 0;
            return true;
        }
    }
}
