namespace Neurons.Data.Tests.Fmri;

/// <summary>
/// A straightforward double-precision re-implementation of the authors' detrend and z-score, independent of
/// the production code: demean, least squares on t^0…t^4 (t = 1…n, each column scaled to unit norm) solved
/// by Householder QR, subtract the fit, then z-score with the N−1 standard deviation.
/// </summary>
internal static class ReferencePreprocessing
{
    public static double[] DetrendAndZScore(IReadOnlyList<double> input, int order = 4)
    {
        var n = input.Count;
        var y = input.ToArray();
        var mean = y.Average();
        for (var i = 0; i < n; i++)
        {
            y[i] -= mean;
        }

        var cols = order + 1;
        var a = new double[n, cols];
        for (var k = 0; k < cols; k++)
        {
            var norm = 0.0;
            for (var i = 0; i < n; i++)
            {
                a[i, k] = Math.Pow(i + 1, k);
                norm += a[i, k] * a[i, k];
            }

            norm = Math.Sqrt(norm);
            for (var i = 0; i < n; i++)
            {
                a[i, k] /= norm;
            }
        }

        var beta = LeastSquares(a, y);
        var residual = new double[n];
        for (var i = 0; i < n; i++)
        {
            var fit = 0.0;
            for (var k = 0; k < cols; k++)
            {
                fit += a[i, k] * beta[k];
            }

            residual[i] = y[i] - fit;
        }

        var m = residual.Average();
        var sd = Math.Sqrt(residual.Sum(v => (v - m) * (v - m)) / (n - 1));
        return residual.Select(v => (v - m) / sd).ToArray();
    }

    private static double[] LeastSquares(double[,] matrix, double[] rhs)
    {
        var n = matrix.GetLength(0);
        var p = matrix.GetLength(1);
        var a = (double[,])matrix.Clone();
        var b = (double[])rhs.Clone();
        for (var k = 0; k < p; k++)
        {
            var norm = 0.0;
            for (var i = k; i < n; i++)
            {
                norm += a[i, k] * a[i, k];
            }

            norm = Math.Sqrt(norm);
            var alpha = a[k, k] > 0 ? -norm : norm;
            var v = new double[n];
            v[k] = a[k, k] - alpha;
            for (var i = k + 1; i < n; i++)
            {
                v[i] = a[i, k];
            }

            var vv = 0.0;
            for (var i = k; i < n; i++)
            {
                vv += v[i] * v[i];
            }

            for (var j = k; j < p; j++)
            {
                var s = 0.0;
                for (var i = k; i < n; i++)
                {
                    s += v[i] * a[i, j];
                }

                for (var i = k; i < n; i++)
                {
                    a[i, j] -= 2 * s / vv * v[i];
                }
            }

            var sb = 0.0;
            for (var i = k; i < n; i++)
            {
                sb += v[i] * b[i];
            }

            for (var i = k; i < n; i++)
            {
                b[i] -= 2 * sb / vv * v[i];
            }
        }

        var x = new double[p];
        for (var k = p - 1; k >= 0; k--)
        {
            var s = b[k];
            for (var j = k + 1; j < p; j++)
            {
                s -= a[k, j] * x[j];
            }

            x[k] = s / a[k, k];
        }

        return x;
    }
}
