using System.Globalization;

namespace Neurons.Cli.Reporting;

/// <summary>
/// Lays out a <see cref="MetricsTable"/> as plain aligned text: one line per row, columns padded with spaces,
/// numbers right-aligned and never broken. Without a width (output not a terminal: a pipe, a file) every
/// column is written however wide the lines get. With a width (a terminal) the least important columns are
/// left out until the lines fit — first the prediction (then named once above its rows), the paper-source
/// markers, NeuroClips, the chance level, ±, n; then long variant names are cut (to 16 characters); then
/// NEURONS and the null go, and the variant is cut further — and a line says which columns are left out.
/// Numbers are never cut. Footnotes give where in the paper each number is.
/// </summary>
internal static class MetricsTableWriter
{
    private const string Separator = "  ";

    /// <summary>How narrow the variant column is cut before the paper's NEURONS number and the null are left out.</summary>
    private const int CutVariantWidth = 16;

    /// <summary>The narrowest a cut variant column gets.</summary>
    private const int MinimumVariantWidth = 8;

    /// <summary>Columns left out for width before any variant is cut, least important first.</summary>
    private static readonly int[] FirstDrops =
    [
        MetricsTable.PredictionColumn, MetricsTable.SourceColumn, MetricsTable.NeuroClipsColumn, MetricsTable.ChanceColumn,
        MetricsTable.StdColumn, MetricsTable.CountColumn,
    ];

    /// <summary>Columns left out when the variant cut to <see cref="CutVariantWidth"/> is not enough.</summary>
    private static readonly int[] LastDrops = [MetricsTable.NeuronsColumn, MetricsTable.NullColumn];

    /// <summary>Writes the table, its footnotes, the paper's citation and the notes.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="table">The table.</param>
    /// <param name="width">The terminal's width in characters, or null for no limit (all 13 columns).</param>
    public static void Write(TextWriter writer, MetricsTable table, int? width)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(table);
        var columns = MetricsTable.Columns;
        var widths = columns.Select((c, i) => table.Rows.Select(r => r[i].Length).Prepend(c.Header.Length).Max()).ToArray();
        var visible = Enumerable.Range(0, columns.Count).ToList();
        var dropped = new List<int>();
        if (width is { } limit)
        {
            var variant = widths[MetricsTable.VariantColumn];
            int Others() => visible.Where(i => i != MetricsTable.VariantColumn).Sum(i => widths[i]) + (Separator.Length * (visible.Count - 1));
            bool Fits(int variantWidth) => Others() + Math.Min(variant, variantWidth) <= limit;
            void Drop(int[] order, int variantWidth)
            {
                foreach (var column in order)
                {
                    if (Fits(variantWidth))
                    {
                        return;
                    }

                    visible.Remove(column);
                    dropped.Add(column);
                }
            }

            Drop(FirstDrops, variant);
            Drop(LastDrops, CutVariantWidth);

            widths[MetricsTable.VariantColumn] = Math.Clamp(limit - Others(), Math.Min(variant, MinimumVariantWidth), variant);
        }

        writer.WriteLine(table.Title);
        WriteLine(writer, visible.Select(i => Pad(columns[i].Header, widths[i], columns[i].RightAligned)));
        WriteLine(writer, visible.Select(i => new string('-', widths[i])));
        var predictionHeadings = !visible.Contains(MetricsTable.PredictionColumn);
        string? prediction = null;
        foreach (var row in table.Rows)
        {
            if (predictionHeadings && row[MetricsTable.PredictionColumn] != prediction)
            {
                prediction = row[MetricsTable.PredictionColumn];
                if (prediction.Length > 0)
                {
                    writer.WriteLine($"{prediction}:");
                }
            }

            WriteLine(writer, visible.Select(i => Pad(Cut(row[i], widths[i]), widths[i], columns[i].RightAligned)));
        }

        if (dropped.Count > 0)
        {
            writer.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"left out to fit {width} columns: {string.Join(", ", dropped.Select(i => columns[i].Header))}; `pipeline metrics | cat` shows every column, --json the summary"));
        }

        if (visible.Contains(MetricsTable.SourceColumn))
        {
            for (var i = 0; i < table.Footnotes.Count; i++)
            {
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{i + 1}] {table.Footnotes[i]}"));
            }
        }

        writer.WriteLine(table.Source);
        if (table.ZeroCountRows > 0)
        {
            writer.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"not listed: {table.ZeroCountRows} rows with n = 0 (concepts no evaluated clip has; recall 0 by the authors' rule, no null); --json keeps them"));
        }

        foreach (var note in table.Notes)
        {
            writer.WriteLine($"note: {note}");
        }
    }

    private static void WriteLine(TextWriter writer, IEnumerable<string> cells) => writer.WriteLine(string.Join(Separator, cells).TrimEnd());

    private static string Pad(string text, int width, bool right) => right ? text.PadLeft(width) : text.PadRight(width);

    private static string Cut(string text, int width) => text.Length <= width ? text : string.Concat(text.AsSpan(0, width - 1).TrimEnd(), "…");
}
