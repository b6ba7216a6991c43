namespace Neurons.Data.Fmri;

/// <summary>
/// Removes a polynomial trend of a given order from series of a fixed length: subtracts the least-squares
/// fit onto 1, t, …, t^order. The basis is orthonormalised in double precision (Legendre-style columns on
/// [−1, 1], modified Gram–Schmidt applied twice), so the projection is well conditioned for any length.
/// </summary>
public sealed class PolynomialDetrender
{
    private readonly double[][] basis;

    /// <summary>Initializes a new instance of the <see cref="PolynomialDetrender"/> class.</summary>
    /// <param name="length">The series length (number of time points).</param>
    /// <param name="order">The polynomial order (4 in the cc2017 preprocessing).</param>
    public PolynomialDetrender(int length, int order)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(order);
        if (length <= order)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"a degree-{order} fit needs more than {order} points, got {length}");
        }

        Length = length;
        Order = order;
        basis = new double[order + 1][];
        for (var k = 0; k <= order; k++)
        {
            var column = new double[length];
            for (var i = 0; i < length; i++)
            {
                var x = length == 1 ? 0 : (2.0 * i / (length - 1)) - 1.0;
                column[i] = Math.Pow(x, k);
            }

            for (var pass = 0; pass < 2; pass++)
            {
                for (var j = 0; j < k; j++)
                {
                    var dot = Dot(basis[j], column);
                    for (var i = 0; i < length; i++)
                    {
                        column[i] -= dot * basis[j][i];
                    }
                }
            }

            var norm = Math.Sqrt(Dot(column, column));
            for (var i = 0; i < length; i++)
            {
                column[i] /= norm;
            }

            basis[k] = column;
        }
    }

    /// <summary>Gets the series length.</summary>
    public int Length { get; }

    /// <summary>Gets the polynomial order.</summary>
    public int Order { get; }

    /// <summary>Replaces <paramref name="series"/> by its residual after the polynomial fit.</summary>
    public void Detrend(Span<double> series)
    {
        if (series.Length != Length)
        {
            throw new ArgumentException($"series has {series.Length} points, the detrender was built for {Length}", nameof(series));
        }

        foreach (var q in basis)
        {
            var dot = 0.0;
            for (var i = 0; i < series.Length; i++)
            {
                dot += q[i] * series[i];
            }

            for (var i = 0; i < series.Length; i++)
            {
                series[i] -= dot * q[i];
            }
        }
    }

    private static double Dot(double[] a, double[] b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }
}
