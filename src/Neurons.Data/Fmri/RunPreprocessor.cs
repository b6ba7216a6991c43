using System.Globalization;
using Neurons.Data.Cifti;

namespace Neurons.Data.Fmri;

/// <summary>
/// The cc2017 per-run preprocessing (docs/fmri.md): keep a volume window, remove a 4th-order polynomial
/// trend per grayordinate in double precision, then z-score per grayordinate with the N−1 (MATLAB) standard
/// deviation. Reads the file in blocks of grayordinate rows, so memory is the output plus one block.
/// </summary>
public static class RunPreprocessor
{
    /// <summary>The polynomial order of the detrend.</summary>
    public const int DetrendOrder = 4;

    private const int BlockBytes = 4 << 20;

    // A residual standard deviation below this fraction of the raw amplitude is rounding noise: a constant
    // (or exactly polynomial) series, written as zeros rather than amplified to unit variance.
    private const double RelativeVarianceFloor = 1e-9;

    /// <summary>Returns the grayordinate rows of the brain models whose structure is listed, ascending.</summary>
    /// <exception cref="InvalidDataException">A listed structure has no brain model in the file.</exception>
    public static int[] RowsOf(CiftiHeader header, IReadOnlyCollection<string> structures)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(structures);
        var missing = structures.Where(s => header.Models.All(m => m.Structure != s)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"{header.Path}: no brain model for {string.Join(", ", missing)} (the file has {string.Join(", ", header.Models.Select(m => m.Structure))})");
        }

        var rows = new int[header.Models.Where(m => structures.Contains(m.Structure)).Sum(m => m.IndexCount)];
        var n = 0;
        var sorted = true;
        foreach (var m in header.Models.Where(m => structures.Contains(m.Structure)))
        {
            for (var i = 0; i < m.IndexCount; i++)
            {
                sorted &= n == 0 || rows[n - 1] <= m.IndexOffset + i;
                rows[n++] = m.IndexOffset + i;
            }
        }

        // The reader lists models in index order, so the rows come out ascending; sort only a header built otherwise.
        if (!sorted)
        {
            Array.Sort(rows);
        }

        return rows;
    }

    /// <summary>Preprocesses the rows <paramref name="rows"/> (ascending grayordinates) over raw volumes [start, start + length).</summary>
    public static PreprocessedRun Preprocess(CiftiReader reader, IReadOnlyList<int> rows, int start, int length, CancellationToken cancellationToken) =>
        Preprocess(reader, rows, start, length, dropNonFinite: false, cancellationToken);

    /// <summary>
    /// Trims, detrends and z-scores the given rows; a vertex holding a NaN or infinite sample in the window is refused
    /// (one line naming the file, how many vertices, and the first vertex and volume) or, with
    /// <paramref name="dropNonFinite"/>, written as zeros and counted in <see cref="PreprocessedRun.NonFiniteRows"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">A sample is not finite and <paramref name="dropNonFinite"/> is false.</exception>
    public static PreprocessedRun Preprocess(CiftiReader reader, IReadOnlyList<int> rows, int start, int length, bool dropNonFinite, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(rows);
        var h = reader.Header;
        if (start < 0 || length < 1 || start + length > h.Volumes)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"volumes {start}..{start + length - 1} are outside 0..{h.Volumes - 1}");
        }

        var detrender = new PolynomialDetrender(length, DetrendOrder);
        var output = new float[(long)rows.Count * length];
        var blockRows = Math.Max(1, BlockBytes / (h.Volumes * sizeof(float)));
        var buffer = new float[blockRows * h.Volumes];
        var series = new double[length];
        var constant = 0;
        var nonFinite = 0;
        (int Vertex, int Volume, float Value)? firstNonFinite = null;
        var r = 0;
        while (r < rows.Count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var first = rows[r];
            if (first < 0 || first >= h.Grayordinates || (r > 0 && first <= rows[r - 1]))
            {
                throw new ArgumentException($"rows must be ascending grayordinates below {h.Grayordinates}; got {first} at position {r}", nameof(rows));
            }

            var count = Math.Min(blockRows, h.Grayordinates - first);
            reader.ReadRows(first, count, buffer);
            while (r < rows.Count && rows[r] < first + count)
            {
                if (r > 0 && rows[r] <= rows[r - 1])
                {
                    throw new ArgumentException($"rows must be ascending; got {rows[r]} after {rows[r - 1]}", nameof(rows));
                }

                var src = buffer.AsSpan(((rows[r] - first) * h.Volumes) + start, length);
                var scale = 0.0;
                var finite = true;
                for (var t = 0; t < length; t++)
                {
                    series[t] = src[t];
                    scale = Math.Max(scale, Math.Abs(series[t]));
                    if (finite && !float.IsFinite(src[t]))
                    {
                        finite = false;
                        firstNonFinite ??= (rows[r], start + t, src[t]);
                    }
                }

                if (!finite)
                {
                    nonFinite++;
                    series.AsSpan().Clear();
                }
                else
                {
                    detrender.Detrend(series);
                    if (!ZScore(series, scale * RelativeVarianceFloor))
                    {
                        constant++;
                    }
                }

                var dst = output.AsSpan(r * length, length);
                for (var t = 0; t < length; t++)
                {
                    dst[t] = (float)series[t];
                }

                r++;
            }
        }

        if (firstNonFinite is { } bad && !dropNonFinite)
        {
            throw new InvalidDataException(string.Create(
                CultureInfo.InvariantCulture,
                $"{h.Path}: {nonFinite} vertices hold NaN or infinite samples (first: grayordinate {bad.Vertex} at volume {bad.Volume}, value {bad.Value}); fix the file or set stages.fmri.non_finite: drop to zero those vertices"));
        }

        return new PreprocessedRun(rows, length, output, constant) { NonFiniteRows = nonFinite };
    }

    /// <summary>
    /// z-scores a series in place: subtracts the mean and divides by the sample (N−1) standard deviation.
    /// A series whose standard deviation is not above <paramref name="floor"/> becomes all zeros.
    /// </summary>
    /// <returns>Whether the series had a standard deviation above the floor.</returns>
    public static bool ZScore(Span<double> series, double floor = 0)
    {
        var n = series.Length;
        var mean = 0.0;
        foreach (var v in series)
        {
            mean += v;
        }

        mean /= n;
        var ss = 0.0;
        for (var i = 0; i < n; i++)
        {
            series[i] -= mean;
            ss += series[i] * series[i];
        }

        var sd = n > 1 ? Math.Sqrt(ss / (n - 1)) : 0;
        if (!(sd > floor))
        {
            series.Clear();
            return false;
        }

        for (var i = 0; i < n; i++)
        {
            series[i] /= sd;
        }

        return true;
    }
}
