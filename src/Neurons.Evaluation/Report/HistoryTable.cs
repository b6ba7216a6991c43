using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace Neurons.Evaluation.Report;

/// <summary>
/// A training-history table read by column name, whatever its row class: every numeric or boolean
/// column as doubles. The report plots the stage-1 <c>training</c> and stage-2 <c>decoupler_training</c>
/// histories through it, grouping columns by name (<c>*_loss</c>, <c>*_weight</c>, <c>test_*</c>).
/// </summary>
public sealed class HistoryTable
{
    private HistoryTable(IReadOnlyDictionary<string, double[]> columns, int rows)
    {
        Columns = columns;
        Rows = rows;
    }

    /// <summary>Gets the numeric columns by name.</summary>
    public IReadOnlyDictionary<string, double[]> Columns { get; }

    /// <summary>Gets the row count.</summary>
    public int Rows { get; }

    /// <summary>Reads every numeric and boolean column of a Parquet file.</summary>
    public static async Task<HistoryTable> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var columns = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var stream = File.OpenRead(path);
        await using var streamScope = stream.ConfigureAwait(false);
        var reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        var fields = reader.Schema.GetDataFields().Where(f => IsNumeric(f.ClrType) && !f.IsArray).ToList();
        var rows = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            rows += (int)group.RowCount;
            foreach (var field in fields)
            {
                if (!columns.TryGetValue(field.Name, out var list))
                {
                    columns[field.Name] = list = [];
                }

                var count = (int)group.RowCount;
                var type = field.ClrType;
                list.AddRange(
                    type == typeof(int) ? await ReadAsync<int>(group, field, count, v => v, cancellationToken).ConfigureAwait(false)
                    : type == typeof(long) ? await ReadAsync<long>(group, field, count, v => v, cancellationToken).ConfigureAwait(false)
                    : type == typeof(short) ? await ReadAsync<short>(group, field, count, v => v, cancellationToken).ConfigureAwait(false)
                    : type == typeof(float) ? await ReadAsync<float>(group, field, count, v => v, cancellationToken).ConfigureAwait(false)
                    : type == typeof(bool) ? await ReadAsync<bool>(group, field, count, v => v ? 1 : 0, cancellationToken).ConfigureAwait(false)
                    : await ReadAsync<double>(group, field, count, v => v, cancellationToken).ConfigureAwait(false));
            }
        }

        return new HistoryTable(columns.ToDictionary(c => c.Key, c => c.Value.ToArray(), StringComparer.Ordinal), rows);
    }

    /// <summary>
    /// Builds the plots of the history, per subject (column <c>subject</c>) against <c>epoch</c>: loss terms,
    /// loss weights (when any column ends in <c>_weight</c>) and test metrics with their chance and baselines.
    /// </summary>
    /// <param name="section">The report section of the plots.</param>
    /// <param name="label">The prefix of titles and file names (e.g. <c>stage 1</c>).</param>
    public IReadOnlyList<ReportPlot> Plots(string section, string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (!Columns.TryGetValue("epoch", out var epochs))
        {
            return [];
        }

        var subjects = Columns.TryGetValue("subject", out var s) ? s : new double[Rows];
        var groups = new (string Name, string YLabel, Func<string, bool> Take)[]
        {
            ("loss", "loss", c => c.EndsWith("_loss", StringComparison.Ordinal)),
            ("weights", "weight", c => c.EndsWith("_weight", StringComparison.Ordinal)),
            ("evaluation", "fraction", c => c.StartsWith("test_", StringComparison.Ordinal) && !c.EndsWith("_loss", StringComparison.Ordinal)
                || c.StartsWith("chance_", StringComparison.Ordinal) || c.StartsWith("baseline_", StringComparison.Ordinal)),
        };
        var slug = string.Concat(label.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));
        var plots = new List<ReportPlot>();
        foreach (var subject in subjects.Distinct().Order())
        {
            var rows = Enumerable.Range(0, Rows).Where(r => subjects[r].Equals(subject)).OrderBy(r => epochs[r]).ToList();
            var x = rows.Select(r => epochs[r]).ToList();
            var id = (int)subject;
            foreach (var (name, yLabel, take) in groups)
            {
                var series = Columns.Keys.Where(take).Order(StringComparer.Ordinal)
                    .Select(c => new PlotSeries(c, x, rows.Select(r => Columns[c][r]).ToList()))
                    .ToList();
                if (series.Count == 0)
                {
                    continue;
                }

                plots.Add(new ReportPlot
                {
                    File = string.Create(CultureInfo.InvariantCulture, $"{slug}-s{id}-{name}.png"),
                    Title = string.Create(CultureInfo.InvariantCulture, $"{label}, subject {id}: {name}"),
                    YLabel = yLabel,
                    Subject = id,
                    Section = section,
                    Series = series,
                });
            }
        }

        return plots;
    }

    private static async Task<IEnumerable<double>> ReadAsync<T>(ParquetRowGroupReader group, DataField field, int rows, Func<T, double> convert, CancellationToken cancellationToken)
        where T : struct
    {
        if (field.IsNullable)
        {
            var nullable = new T?[rows];
            await group.ReadAsync(field, nullable.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            return nullable.Select(v => v.HasValue ? convert(v.Value) : double.NaN);
        }

        var values = new T[rows];
        await group.ReadAsync(field, values.AsMemory(), null, cancellationToken).ConfigureAwait(false);
        return values.Select(convert);
    }

    private static bool IsNumeric(Type type) =>
        type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(float) || type == typeof(bool) || type == typeof(short);
}
