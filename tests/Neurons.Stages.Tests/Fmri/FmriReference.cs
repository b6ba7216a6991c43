namespace Neurons.Stages.Tests.Fmri;

/// <summary>
/// A plain double-precision reference: least squares on 1, x, …, x⁴ with x = t rescaled to [−1, 1] solved by
/// the normal equations (Gaussian elimination with pivoting), residual z-scored with the N−1 deviation.
/// </summary>
internal static class FmriReference
{
    public static double[] Preprocess(ReadOnlySpan<float> raw)
    {
        var n = raw.Length;
        var x = Enumerable.Range(0, n).Select(i => (2.0 * i / (n - 1)) - 1).ToArray();
        const int p = 5;
        var a = new double[p, p + 1];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < p; j++)
            {
                for (var k = 0; k < p; k++)
                {
                    a[j, k] += Math.Pow(x[i], j) * Math.Pow(x[i], k);
                }

                a[j, p] += Math.Pow(x[i], j) * raw[i];
            }
        }

        for (var c = 0; c < p; c++)
        {
            var pivot = Enumerable.Range(c, p - c).MaxBy(r => Math.Abs(a[r, c]));
            for (var k = 0; k <= p; k++)
            {
                (a[c, k], a[pivot, k]) = (a[pivot, k], a[c, k]);
            }

            for (var r = 0; r < p; r++)
            {
                if (r != c)
                {
                    var f = a[r, c] / a[c, c];
                    for (var k = 0; k <= p; k++)
                    {
                        a[r, k] -= f * a[c, k];
                    }
                }
            }
        }

        var residual = new double[n];
        for (var i = 0; i < n; i++)
        {
            var fit = 0.0;
            for (var j = 0; j < p; j++)
            {
                fit += a[j, p] / a[j, j] * Math.Pow(x[i], j);
            }

            residual[i] = raw[i] - fit;
        }

        var mean = residual.Average();
        var sd = Math.Sqrt(residual.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        return residual.Select(v => (v - mean) / sd).ToArray();
    }

    /// <summary>Reads grayordinate <paramref name="g"/>'s raw volumes [start, start + length) of a run written by the dataset.</summary>
    public static float[] RawSeries(string path, int g, int start, int length)
    {
        using var reader = Neurons.Data.Cifti.CiftiReader.Open(path);
        var row = new float[reader.Header.Volumes];
        reader.ReadRows(g, 1, row);
        return row.AsSpan(start, length).ToArray();
    }
}
