using System.Globalization;

namespace Neurons.Testing.Onnx;

/// <summary>
/// Tiny text-to-video graphs with the real signatures (names, ranks, dtypes of
/// <c>Neurons.Generation.Models.VideoGraphSignatures</c>) and small widths: a CLIP text encoder giving hidden
/// states, SparseCtrl (12 + 1 residuals in the SD-1.5 skip layout at base width c), the UNet3D (uses every
/// residual; <c>layers</c> c×c blocks give it work proportional to c² for the benchmark), the VAE pair and the
/// unCLIP UNet. The mini profile uses the set written by <see cref="WriteMiniSet"/> (checked in under
/// <c>stages/generate/fixtures</c>).
/// </summary>
public static class GenerationFixtureModels
{
    /// <summary>The mini set's text width.</summary>
    public const int MiniTextWidth = 16;

    /// <summary>The mini set's UNet base width c.</summary>
    public const int MiniChannels = 8;

    /// <summary>The mini set's unCLIP context (the decoupler's 16 tokens × 32).</summary>
    public const int MiniUnclipTokens = 16;

    /// <summary>The mini set's unCLIP token width.</summary>
    public const int MiniUnclipWidth = 32;

    /// <summary>The mini set's unCLIP vector width.</summary>
    public const int MiniUnclipVector = 16;

    private static readonly int[] Multipliers = [1, 1, 1, 1, 2, 2, 2, 4, 4, 4, 4, 4, 4];
    private static readonly int[] Downsampling = [1, 1, 1, 2, 2, 2, 4, 4, 4, 8, 8, 8, 8];

    /// <summary>Residual names in order (<c>down_res_0..11</c>, <c>mid_res</c>).</summary>
    public static IReadOnlyList<string> ResidualNames { get; } =
        [.. Enumerable.Range(0, 12).Select(k => string.Create(CultureInfo.InvariantCulture, $"down_res_{k}")), "mid_res"];

    /// <summary>CLIP text encoder: <c>input_ids</c> [batch,77] → <c>last_hidden_state</c> [batch,77,width] = tanh(table[id mod buckets] + position).</summary>
    public static OnnxGraphBuilder TextEncoder(FixtureRandom random, int width, int buckets = 997)
    {
        var g = new OnnxGraphBuilder("text_encoder_fixture");
        var ids = g.Input("input_ids", OnnxDataType.Int64, "batch", 77);
        var rows = g.Gather(g.Const(random.Floats(buckets * width, 1f), buckets, width), g.Op("Mod", [ids, g.Const((long)buckets)]), 0);
        var hidden = g.Tanh(g.Add(rows, g.Const(random.Floats(77 * width, 0.5f), 77, width)));
        g.Output("last_hidden_state", hidden, OnnxDataType.Float, "batch", 77, width);
        return g;
    }

    /// <summary>
    /// SparseCtrl: cond ‖ mask (5 channels) mixed to c, plus a text bias and sin(t·f), tanh; each residual is that
    /// map average-pooled to its resolution and projected to its channels, × 0.1.
    /// </summary>
    public static OnnxGraphBuilder SparseCtrl(FixtureRandom random, int channels, int textWidth)
    {
        var g = new OnnxGraphBuilder("sparsectrl_fixture");
        var t = g.Input("timestep", OnnxDataType.Int64, 1);
        var text = g.Input("encoder_hidden_states", OnnxDataType.Float, "batch", 77, textWidth);
        var cond = g.Input("controlnet_cond", OnnxDataType.Float, "batch", 4, "frames", "height", "width");
        var mask = g.Input("conditioning_mask", OnnxDataType.Float, "batch", 1, "frames", "height", "width");
        var x = g.Transpose(g.Concat(1, cond, mask), 0, 2, 3, 4, 1);
        var h = g.MatMul(x, g.Const(random.Floats(5 * channels, 0.8f), 5, channels));
        h = g.Add(h, TextBias(g, random, text, textWidth, channels));
        h = g.Tanh(g.Add(h, TimeEmbedding(g, random, t, channels)));
        var map = g.Transpose(h, 0, 4, 1, 2, 3);
        for (var k = 0; k < ResidualNames.Count; k++)
        {
            var s = Downsampling[k];
            var pooled = s == 1 ? map : g.Op("AveragePool", [map], OnnxAttribute.Ints("kernel_shape", 1, s, s), OnnxAttribute.Ints("strides", 1, s, s));
            var c = Multipliers[k] * channels;
            var projected = g.MatMul(g.Transpose(pooled, 0, 2, 3, 4, 1), g.Const(random.Floats(channels * c, 0.1f / MathF.Sqrt(channels)), channels, c));
            g.Output(ResidualNames[k], g.Transpose(projected, 0, 4, 1, 2, 3), OnnxDataType.Float, "batch", c, "frames", "res_height", "res_width");
        }

        return g;
    }

    /// <summary>
    /// UNet3D: sample mixed to c, plus text bias, sin(t·f), a per-residual bias (spatial mean, projected) and
    /// <c>down_res_0</c> itself; then <paramref name="layers"/> residual blocks h += tanh(h·W); then mixed to 4 channels.
    /// </summary>
    public static OnnxGraphBuilder Unet(FixtureRandom random, int channels, int textWidth, int layers = 2)
    {
        var g = new OnnxGraphBuilder("unet_fixture");
        var sample = g.Input("sample", OnnxDataType.Float, "batch", 4, "frames", "height", "width");
        var t = g.Input("timestep", OnnxDataType.Int64, 1);
        var text = g.Input("encoder_hidden_states", OnnxDataType.Float, "batch", 77, textWidth);
        var residuals = ResidualNames.Select((name, k) => g.Input(name, OnnxDataType.Float, "batch", Multipliers[k] * channels, "frames", "res_height", "res_width")).ToList();
        var h = g.MatMul(g.Transpose(sample, 0, 2, 3, 4, 1), g.Const(random.Floats(4 * channels, 1f), 4, channels));
        h = g.Add(h, TextBias(g, random, text, textWidth, channels));
        h = g.Add(h, TimeEmbedding(g, random, t, channels));
        h = g.Add(h, g.Transpose(residuals[0], 0, 2, 3, 4, 1));
        for (var k = 1; k < residuals.Count; k++)
        {
            var c = Multipliers[k] * channels;
            var mean = g.ReduceMean(residuals[k], [2, 3, 4], keepDims: false);
            var bias = g.MatMul(mean, g.Const(random.Floats(c * channels, 1f / MathF.Sqrt(c)), c, channels));
            h = g.Add(h, g.Reshape(bias, 0, 1, 1, 1, channels));
        }

        for (var l = 0; l < layers; l++)
        {
            h = g.Add(h, g.Tanh(g.MatMul(h, g.Const(random.Floats(channels * channels, 1.5f / MathF.Sqrt(channels)), channels, channels))));
        }

        var output = g.MatMul(h, g.Const(random.Floats(channels * 4, 1f / MathF.Sqrt(channels)), channels, 4));
        g.Output("noise_pred", g.Transpose(output, 0, 4, 1, 2, 3), OnnxDataType.Float, "batch", 4, "frames", "height", "width");
        return g;
    }

    /// <summary>unCLIP UNet: <c>x</c> mixed 4→4 plus a context bias, a vector bias and sin(t·f) per channel → <c>eps</c>.</summary>
    public static OnnxGraphBuilder UnclipUnet(FixtureRandom random, int tokens, int width, int vector)
    {
        var g = new OnnxGraphBuilder("unclip_unet_fixture");
        var x = g.Input("x", OnnxDataType.Float, "batch", 4, "height", "width");
        var t = g.Input("timesteps", OnnxDataType.Int64, "batch");
        var context = g.Input("context", OnnxDataType.Float, "batch", tokens, width);
        var y = g.Input("y", OnnxDataType.Float, "batch", vector);
        var mixed = g.MatMul(g.Transpose(x, 0, 2, 3, 1), g.Const(random.Floats(16, 0.7f), 4, 4));
        var ctx = g.MatMul(g.ReduceMean(context, [1], keepDims: false), g.Const(random.Floats(width * 4, 1f / MathF.Sqrt(width)), width, 4));
        var vec = g.MatMul(y, g.Const(random.Floats(vector * 4, 0.2f), vector, 4));
        var time = g.Op("Sin", [g.Mul(g.Unsqueeze(g.Cast(t, OnnxDataType.Float), 1), g.Const(random.Floats(4, 0.01f), 4))]);
        var bias = g.Reshape(g.Add(g.Add(ctx, vec), time), 0, 1, 1, 4);
        g.Output("eps", g.Transpose(g.Tanh(g.Add(mixed, bias)), 0, 3, 1, 2), OnnxDataType.Float, "batch", 4, "height", "width");
        return g;
    }

    /// <summary>
    /// Writes the mini profile's set into <paramref name="directory"/> (fixed seed, identical bytes on every run):
    /// text encoder, SparseCtrl, UNet (c = 8), VAE encoder/decoder (the target fixtures' construction), unCLIP UNet
    /// and its decoder, and the byte-level CLIP vocabulary.
    /// </summary>
    public static IReadOnlyList<string> WriteMiniSet(string directory)
    {
        Directory.CreateDirectory(directory);
        var random = new FixtureRandom(20261201);
        var files = new List<string>();
        void Write(string name, byte[] bytes)
        {
            var path = Path.Combine(directory, name);
            File.WriteAllBytes(path, bytes);
            files.Add(path);
        }

        Write("text_encoder.fixture.onnx", TextEncoder(random, MiniTextWidth).ToBytes());
        Write("sparsectrl.fixture.onnx", SparseCtrl(random, MiniChannels, MiniTextWidth).ToBytes());
        Write("unet.fixture.onnx", Unet(random, MiniChannels, MiniTextWidth).ToBytes());
        Write("vae_encoder.fixture.onnx", TargetFixtureModels.VaeEncoder(VaeEncoderMixing(random)));
        Write("vae_decoder.fixture.onnx", TargetFixtureModels.VaeDecoder(random.Floats(12, 1.2f)));
        Write("unclip_unet.fixture.onnx", UnclipUnet(random, MiniUnclipTokens, MiniUnclipWidth, MiniUnclipVector).ToBytes());
        Write("unclip_vae_decoder.fixture.onnx", TargetFixtureModels.VaeDecoder(random.Floats(12, 0.2f)));
        var (vocab, merges) = TargetFixtureModels.ByteLevelClipVocabulary();
        Write("clip_vocab.fixture.json", System.Text.Encoding.UTF8.GetBytes(vocab));
        Write("clip_merges.fixture.txt", System.Text.Encoding.UTF8.GetBytes(merges));
        return files;
    }

    /// <summary>A VAE-encoder mixing [3,8]: mean channels random, log-variance channels zero.</summary>
    public static float[] VaeEncoderMixing(FixtureRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var mean = random.Floats(12, 1f);
        var m = new float[24];
        for (var c = 0; c < 3; c++)
        {
            for (var k = 0; k < 4; k++)
            {
                m[(c * 8) + k] = mean[(c * 4) + k];
            }
        }

        return m;
    }

    private static string TextBias(OnnxGraphBuilder g, FixtureRandom random, string text, int textWidth, int channels)
    {
        var pooled = g.ReduceMean(text, [1], keepDims: false);
        var bias = g.MatMul(pooled, g.Const(random.Floats(textWidth * channels, 1f / MathF.Sqrt(textWidth)), textWidth, channels));
        return g.Reshape(bias, 0, 1, 1, 1, channels);
    }

    private static string TimeEmbedding(OnnxGraphBuilder g, FixtureRandom random, string t, int channels)
    {
        var frequencies = random.Floats(channels, 0.01f);
        return g.Op("Sin", [g.Mul(g.Cast(t, OnnxDataType.Float), g.Const(frequencies, channels))]);
    }
}
