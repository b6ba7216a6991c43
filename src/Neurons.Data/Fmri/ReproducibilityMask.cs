namespace Neurons.Data.Fmri;

/// <summary>
/// The cc2017 vertex selection (docs/fmri.md): per training segment and vertex, Pearson r between
/// repeat 1 and repeat 2, Fisher z = atanh(r); then a one-sample t-test of each vertex's z values against 0
/// across segments, Bonferroni-corrected over the tested vertices. Add segments one at a time; only the
/// z matrix (vertices × segments) is kept.
/// </summary>
public sealed class ReproducibilityMask
{
    // atanh(±1) is infinite; |r| is capped so that identical repeats give a large finite z.
    private const double MaxAbsR = 1 - 1e-12;

    private readonly List<double[]> zBySegment = [];

    /// <summary>Initializes a new instance of the <see cref="ReproducibilityMask"/> class.</summary>
    /// <param name="vertices">The number of tested vertices.</param>
    public ReproducibilityMask(int vertices)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vertices, 1);
        Vertices = vertices;
    }

    /// <summary>Gets the number of tested vertices.</summary>
    public int Vertices { get; }

    /// <summary>Gets the number of segments added.</summary>
    public int Segments => zBySegment.Count;

    /// <summary>Returns Pearson's r of two equally long series, in double precision (0 when either is constant).</summary>
    public static double Pearson(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length || a.Length < 2)
        {
            throw new ArgumentException($"Pearson r needs two series of equal length ≥ 2, got {a.Length} and {b.Length}");
        }

        double ma = 0, mb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            ma += a[i];
            mb += b[i];
        }

        ma /= a.Length;
        mb /= b.Length;
        double sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var da = a[i] - ma;
            var db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }

        return saa > 0 && sbb > 0 ? sab / Math.Sqrt(saa * sbb) : 0;
    }

    /// <summary>Adds one segment: the two preprocessed repeats over the same vertices and time points.</summary>
    public void AddSegment(PreprocessedRun repeat1, PreprocessedRun repeat2)
    {
        ArgumentNullException.ThrowIfNull(repeat1);
        ArgumentNullException.ThrowIfNull(repeat2);
        if (repeat1.Rows.Count != Vertices || repeat2.Rows.Count != Vertices)
        {
            throw new ArgumentException($"both repeats must hold {Vertices} vertices, got {repeat1.Rows.Count} and {repeat2.Rows.Count}");
        }

        if (repeat1.Length != repeat2.Length)
        {
            throw new ArgumentException($"the repeats have {repeat1.Length} and {repeat2.Length} time points");
        }

        var z = new double[Vertices];
        for (var v = 0; v < Vertices; v++)
        {
            var r = Math.Clamp(Pearson(repeat1.Row(v), repeat2.Row(v)), -MaxAbsR, MaxAbsR);
            z[v] = Math.Atanh(r);
        }

        zBySegment.Add(z);
    }

    /// <summary>
    /// Tests every vertex and selects those with p &lt; <paramref name="alpha"/> / <see cref="Vertices"/>
    /// (Bonferroni), or p &lt; <paramref name="alpha"/> when <paramref name="bonferroni"/> is false.
    /// </summary>
    /// <exception cref="InvalidOperationException">Fewer than 2 segments were added.</exception>
    public ReproducibilityResult Select(double alpha, TestSidedness sidedness, bool bonferroni = true)
    {
        if (Segments < 2)
        {
            throw new InvalidOperationException($"the reproducibility t-test needs at least 2 training segments, got {Segments}");
        }

        if (!(alpha > 0 && alpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), $"p threshold must be in (0, 1), got {alpha}");
        }

        var threshold = bonferroni ? alpha / Vertices : alpha;
        var t = new double[Vertices];
        var p = new double[Vertices];
        var meanZ = new double[Vertices];
        var selected = new List<int>();
        var values = new double[Segments];
        for (var v = 0; v < Vertices; v++)
        {
            for (var s = 0; s < Segments; s++)
            {
                values[s] = zBySegment[s][v];
            }

            meanZ[v] = values.Average();
            t[v] = StudentT.OneSampleT(values);
            p[v] = StudentT.PValue(t[v], Segments - 1, sidedness);
            if (p[v] < threshold)
            {
                selected.Add(v);
            }
        }

        return new ReproducibilityResult([.. selected], t, p, meanZ, Segments, threshold);
    }
}
