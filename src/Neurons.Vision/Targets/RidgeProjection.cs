using MathNet.Numerics.LinearAlgebra;

namespace Neurons.Vision.Targets;

/// <summary>
/// A bias-free linear map fitted by ridge regression, <c>B = (XᵀX + λI)⁻¹ XᵀY</c> (double precision,
/// Cholesky): our stand-in for NEURONS' frozen <c>coco_tokens_avg_proj</c> (mean bigG image token 1664 →
/// pooled text 1280), fitted from training clips' mean image tokens to their caption embeddings.
/// </summary>
public sealed class RidgeProjection
{
    private RidgeProjection(int inputs, int outputs, float[] weights, double lambda)
    {
        Inputs = inputs;
        Outputs = outputs;
        Weights = weights;
        Lambda = lambda;
    }

    /// <summary>Gets the input width (1664 for bigG tokens).</summary>
    public int Inputs { get; }

    /// <summary>Gets the output width (1280 for bigG text).</summary>
    public int Outputs { get; }

    /// <summary>Gets the weights, row-major [Inputs, Outputs] (y = x · W; a torch Linear's weight is the transpose).</summary>
    public float[] Weights { get; }

    /// <summary>Gets the ridge penalty used.</summary>
    public double Lambda { get; }

    /// <summary>Fits the projection on paired rows (MathNet.Numerics: XᵀX and XᵀY in double precision, then a Cholesky solve).</summary>
    /// <exception cref="InvalidOperationException">XᵀX + λI is not positive definite (λ too small for the data).</exception>
    public static RidgeProjection Fit(IReadOnlyList<float[]> x, IReadOnlyList<float[]> y, double lambda)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count == 0 || x.Count != y.Count)
        {
            throw new ArgumentException($"ridge fit needs paired rows, got {x.Count} inputs and {y.Count} outputs");
        }

        int p = x[0].Length, q = y[0].Length;
        var inputs = Matrix<double>.Build.Dense(x.Count, p, (r, i) => x[r][i]);
        var outputs = Matrix<double>.Build.Dense(y.Count, q, (r, k) => y[r][k]);
        var gram = inputs.TransposeThisAndMultiply(inputs);
        gram.SetDiagonal(gram.Diagonal() + lambda);
        Matrix<double> solution;
        try
        {
            solution = gram.Cholesky().Solve(inputs.TransposeThisAndMultiply(outputs));
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"ridge system XᵀX + λI (λ = {lambda}) is not positive definite; raise the penalty", e);
        }

        var weights = new float[p * q];
        for (var i = 0; i < p; i++)
        {
            for (var k = 0; k < q; k++)
            {
                weights[(i * q) + k] = (float)solution[i, k];
            }
        }

        return new RidgeProjection(p, q, weights, lambda);
    }

    /// <summary>Applies the projection to one row.</summary>
    public float[] Apply(ReadOnlySpan<float> x)
    {
        var y = new float[Outputs];
        for (var i = 0; i < Inputs; i++)
        {
            var xi = x[i];
            for (var k = 0; k < Outputs; k++)
            {
                y[k] += xi * Weights[(i * Outputs) + k];
            }
        }

        return y;
    }

    /// <summary>
    /// Scores the projection: R² = 1 − SS_res / SS_tot over every output value (column means as the baseline),
    /// and top-1 retrieval accuracy: how often a row's prediction is most cosine-similar to its own target.
    /// </summary>
    public (double RSquared, double Top1) Evaluate(IReadOnlyList<float[]> x, IReadOnlyList<float[]> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var predictions = x.Select(r => Apply(r)).ToList();
        var means = new double[Outputs];
        foreach (var row in y)
        {
            for (var k = 0; k < Outputs; k++)
            {
                means[k] += row[k] / (double)y.Count;
            }
        }

        double ssRes = 0, ssTot = 0;
        for (var r = 0; r < y.Count; r++)
        {
            for (var k = 0; k < Outputs; k++)
            {
                ssRes += Math.Pow(y[r][k] - predictions[r][k], 2);
                ssTot += Math.Pow(y[r][k] - means[k], 2);
            }
        }

        var normalizedTargets = y.Select(Normalize).ToList();
        var hits = 0;
        for (var r = 0; r < predictions.Count; r++)
        {
            var p = Normalize(predictions[r]);
            var best = -1;
            var bestScore = double.NegativeInfinity;
            for (var c = 0; c < normalizedTargets.Count; c++)
            {
                double s = 0;
                for (var k = 0; k < Outputs; k++)
                {
                    s += p[k] * normalizedTargets[c][k];
                }

                if (s > bestScore)
                {
                    (best, bestScore) = (c, s);
                }
            }

            hits += best == r ? 1 : 0;
        }

        return (ssTot > 0 ? 1 - (ssRes / ssTot) : 0, predictions.Count == 0 ? 0 : (double)hits / predictions.Count);
    }

    private static double[] Normalize(float[] v)
    {
        var norm = Math.Sqrt(v.Sum(a => (double)a * a));
        return v.Select(a => norm > 0 ? a / norm : 0).ToArray();
    }
}
