using Neurons.Model.Prior;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Prior;

public sealed class PriorAttentionTests
{
    [Fact]
    public void CosineSimAttention_TinyInputs_MatchesHandComputedValues()
    {
        // Given one query per head over a null key (1, 0) and a key (0, 2), values (1, 2) and (3, −1):
        //   head 0: q = (3, 4) → cos = (0.6, 0.8) → logits 16·cos + bias (0.5, −0.5) = (10.1, 12.3)
        //           weights (1 / (1 + e^2.2), e^2.2 / (1 + e^2.2)) → out = (3 − 2w₀, 3w₀ − 1)
        //   head 1: q = (−4, 3) → cos = (−0.8, 0.6) → logits (−12.8, 9.6), no bias → out = (3 − 2w₀', 3w₀' − 1), w₀' = 1 / (1 + e^22.4)
        using var q = tensor(new float[] { 3, 4, -4, 3 }, [1, 2, 1, 2]);
        using var k = tensor(new float[] { 1, 0, 0, 2 }, [1, 2, 2]);
        using var v = tensor(new float[] { 1, 2, 3, -1 }, [1, 2, 2]);
        using var bias = tensor(new float[] { 0.5f, -0.5f, 0, 0 }, [2, 1, 2]);

        // When attended with scale 16
        using var output = PriorAttention.CosineSimAttention(q, k, v, bias, 16);

        // Then
        var w0 = 1 / (1 + Math.Exp(2.2));
        var w1 = 1 / (1 + Math.Exp(22.4));
        Assert.Equal(new long[] { 1, 2, 1, 2 }, output.shape);
        Assert.Equal(3 - (2 * w0), output[0, 0, 0, 0].item<float>(), 5);
        Assert.Equal((3 * w0) - 1, output[0, 0, 0, 1].item<float>(), 5);
        Assert.Equal(3 - (2 * w1), output[0, 1, 0, 0].item<float>(), 5);
        Assert.Equal((3 * w1) - 1, output[0, 1, 0, 1].item<float>(), 5);
    }

    [Fact]
    public void Forward_MatchesIndependentScalarComputation()
    {
        // Given an attention block (dim 6, 2 heads × 4, rotary on 4), 2 × 3 tokens and a random bias [2, 3, 4]
        const int dim = 6, heads = 2, dh = 4, n = 3, batch = 2;
        using var gen = new Generator(5);
        using var attention = new PriorAttention(dim, heads, dh, 4, gen);
        using var x = randn([batch, n, dim], generator: gen);
        using var bias = randn([heads, n, n + 1], generator: gen);
        var p = attention.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.data<float>().Select(f => (double)f).ToArray());

        // When run
        using var actual = attention.call(x, bias);

        // Then it equals the formula evaluated with scalars: pre-norm, q/k/v, rotary (positions 0 … n − 1), null key and
        // value first, 16·cos + bias, softmax, heads concatenated, output Linear and LayerNorm
        var xs = x.data<float>().Select(f => (double)f).ToArray();
        var bs = bias.data<float>().Select(f => (double)f).ToArray();
        var got = actual.data<float>().ToArray();
        for (var b = 0; b < batch; b++)
        {
            var h = new double[n][];
            for (var i = 0; i < n; i++)
            {
                h[i] = LayerNorm(xs.Skip(((b * n) + i) * dim).Take(dim).ToArray(), p["norm.g"]);
            }

            var keys = new List<double[]> { p["null_kv"][..dh] };
            var values = new List<double[]> { p["null_kv"][dh..] };
            for (var i = 0; i < n; i++)
            {
                keys.Add(Rotate(MatVec(p["to_kv.weight"], 0, dh, h[i]), i));
                values.Add(MatVec(p["to_kv.weight"], dh, dh, h[i]));
            }

            for (var i = 0; i < n; i++)
            {
                var merged = new double[heads * dh];
                for (var head = 0; head < heads; head++)
                {
                    var q = Rotate(MatVec(p["to_q.weight"], head * dh, dh, h[i]), i);
                    var logits = keys.Select((key, j) => (16 * Cos(q, key)) + bs[(((head * n) + i) * (n + 1)) + j]).ToArray();
                    var max = logits.Max();
                    var e = logits.Select(l => Math.Exp(l - max)).ToArray();
                    for (var j = 0; j < e.Length; j++)
                    {
                        for (var d = 0; d < dh; d++)
                        {
                            merged[(head * dh) + d] += e[j] / e.Sum() * values[j][d];
                        }
                    }
                }

                var output = LayerNorm(MatVec(p["to_out.0.weight"], 0, dim, merged), p["to_out.1.g"]);
                for (var d = 0; d < dim; d++)
                {
                    Assert.Equal(output[d], got[(((b * n) + i) * dim) + d], 4);
                }
            }
        }
    }

    [Fact]
    public void StableLayerNorm_DividesByMaxThenNormalises()
    {
        // Given (2, −1, 4): stable divides by the max 4 → (0.5, −0.25, 1), mean 5/12, variance 114/432
        using var plain = new PriorLayerNorm(3);
        using var stable = new PriorLayerNorm(3, stable: true);
        using var x = tensor(new float[] { 2, -1, 4 }, [1, 3]);

        // When normalised
        using var a = plain.call(x);
        using var s = stable.call(x);

        // Then (x − mean) / √(var + 1e-5) on the respective inputs
        Assert.Equal((2 - (5.0 / 3)) / Math.Sqrt((114.0 / 27) + 1e-5), a[0, 0].item<float>(), 5);
        Assert.Equal((1 - (5.0 / 12)) / Math.Sqrt((114.0 / 432) + 1e-5), s[0, 2].item<float>(), 5);
    }

    private static double[] LayerNorm(double[] x, double[] g)
    {
        var mean = x.Average();
        var variance = x.Select(v => (v - mean) * (v - mean)).Average();
        return x.Select((v, i) => (v - mean) / Math.Sqrt(variance + 1e-5) * g[i]).ToArray();
    }

    private static double[] MatVec(double[] weight, int firstRow, int rows, double[] x)
    {
        var result = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < x.Length; c++)
            {
                result[r] += weight[((firstRow + r) * x.Length) + c] * x[c];
            }
        }

        return result;
    }

    private static double[] Rotate(double[] v, int position)
    {
        // rotary on 4 features: pairs (0, 1) at frequency 1, (2, 3) at 1/100
        var r = (double[])v.Clone();
        for (var pair = 0; pair < 2; pair++)
        {
            var angle = position * Math.Pow(10000, -2.0 * pair / 4);
            var (a, b) = (v[2 * pair], v[(2 * pair) + 1]);
            r[2 * pair] = (a * Math.Cos(angle)) - (b * Math.Sin(angle));
            r[(2 * pair) + 1] = (b * Math.Cos(angle)) + (a * Math.Sin(angle));
        }

        return r;
    }

    private static double Cos(double[] a, double[] b)
    {
        var dot = a.Zip(b, (x, y) => x * y).Sum();
        return dot / Math.Sqrt(a.Sum(x => x * x)) / Math.Sqrt(b.Sum(x => x * x));
    }
}
