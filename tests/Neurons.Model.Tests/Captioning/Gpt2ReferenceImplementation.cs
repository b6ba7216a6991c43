namespace Neurons.Model.Tests.Captioning;

/// <summary>
/// A deliberately plain GPT-2 forward pass for the tests: double-precision loops over the Hugging Face weight
/// arrays as stored (Conv1D weights [in, out], row-major), no TorchSharp. It is the independent oracle the
/// TorchSharp model is compared with.
/// </summary>
internal static class Gpt2ReferenceImplementation
{
    /// <summary>Returns logits[b][t][v] for token ids [b][t], reading weights by their hub names (no <c>transformer.</c> prefix).</summary>
    public static double[][][] Logits(IReadOnlyDictionary<string, float[]> w, int layers, int width, int heads, int vocab, long[][] ids, double eps = 1e-5) =>
        ids.Select(seq => Sequence(w, layers, width, heads, vocab, seq, eps)).ToArray();

    private static double[][] Sequence(IReadOnlyDictionary<string, float[]> w, int layers, int width, int heads, int vocab, long[] ids, double eps)
    {
        var n = ids.Length;
        var headWidth = width / heads;
        var x = new double[n][];
        for (var t = 0; t < n; t++)
        {
            x[t] = new double[width];
            for (var i = 0; i < width; i++)
            {
                x[t][i] = w["wte.weight"][(ids[t] * width) + i] + w["wpe.weight"][(t * width) + i];
            }
        }

        for (var l = 0; l < layers; l++)
        {
            var p = $"h.{l}.";
            var qkv = x.Select(r => Affine(LayerNorm(r, w[p + "ln_1.weight"], w[p + "ln_1.bias"], eps), w[p + "attn.c_attn.weight"], w[p + "attn.c_attn.bias"], 3 * width)).ToArray();
            var y = new double[n][];
            for (var t = 0; t < n; t++)
            {
                y[t] = new double[width];
                for (var h = 0; h < heads; h++)
                {
                    var scores = new double[t + 1];
                    for (var u = 0; u <= t; u++)
                    {
                        double dot = 0;
                        for (var d = 0; d < headWidth; d++)
                        {
                            dot += qkv[t][(h * headWidth) + d] * qkv[u][width + (h * headWidth) + d];
                        }

                        scores[u] = dot / Math.Sqrt(headWidth);
                    }

                    var max = scores.Max();
                    var exp = scores.Select(s => Math.Exp(s - max)).ToArray();
                    var sum = exp.Sum();
                    for (var u = 0; u <= t; u++)
                    {
                        for (var d = 0; d < headWidth; d++)
                        {
                            y[t][(h * headWidth) + d] += exp[u] / sum * qkv[u][(2 * width) + (h * headWidth) + d];
                        }
                    }
                }
            }

            for (var t = 0; t < n; t++)
            {
                var attn = Affine(y[t], w[p + "attn.c_proj.weight"], w[p + "attn.c_proj.bias"], width);
                for (var i = 0; i < width; i++)
                {
                    x[t][i] += attn[i];
                }

                var hidden = Affine(LayerNorm(x[t], w[p + "ln_2.weight"], w[p + "ln_2.bias"], eps), w[p + "mlp.c_fc.weight"], w[p + "mlp.c_fc.bias"], 4 * width)
                    .Select(GeluNew).ToArray();
                var mlp = Affine(hidden, w[p + "mlp.c_proj.weight"], w[p + "mlp.c_proj.bias"], width);
                for (var i = 0; i < width; i++)
                {
                    x[t][i] += mlp[i];
                }
            }
        }

        var logits = new double[n][];
        for (var t = 0; t < n; t++)
        {
            var f = LayerNorm(x[t], w["ln_f.weight"], w["ln_f.bias"], eps);
            logits[t] = new double[vocab];
            for (var v = 0; v < vocab; v++)
            {
                for (var i = 0; i < width; i++)
                {
                    logits[t][v] += f[i] * w["wte.weight"][(v * width) + i];
                }
            }
        }

        return logits;
    }

    private static double GeluNew(double x) => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + (0.044715 * x * x * x))));

    private static double[] LayerNorm(double[] x, float[] gamma, float[] beta, double eps)
    {
        var mean = x.Average();
        var variance = x.Select(v => (v - mean) * (v - mean)).Average();
        return x.Select((v, i) => ((v - mean) / Math.Sqrt(variance + eps) * gamma[i]) + beta[i]).ToArray();
    }

    /// <summary>y = x · W + b with a Conv1D weight W stored [in, out] row-major.</summary>
    private static double[] Affine(double[] x, float[] weight, float[] bias, int outputs)
    {
        var y = bias.Select(b => (double)b).ToArray();
        for (var i = 0; i < x.Length; i++)
        {
            for (var o = 0; o < outputs; o++)
            {
                y[o] += x[i] * weight[(i * outputs) + o];
            }
        }

        return y;
    }
}
