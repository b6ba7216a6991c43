using System.Text;

namespace Neurons.Testing.Onnx;

/// <summary>
/// Small, deterministic encoders with the real signatures of the training-target exports (CLIP image tokens,
/// CLIP pooled text, SD VAE encoder/decoder) and tiny widths. Tests use them with known weights; the mini
/// profile uses the set written by <see cref="WriteMiniSet"/> (checked in under <c>stages/targets/fixtures</c>).
/// </summary>
public static class TargetFixtureModels
{
    /// <summary>The mini set's token width.</summary>
    public const int MiniWidth = 32;

    /// <summary>The mini set's text width.</summary>
    public const int MiniTextWidth = 16;

    /// <summary>
    /// CLIP image encoder: <c>pixel_values</c> [batch,3,224,224] → <c>image_tokens</c> [batch,1+g²,width]: the
    /// image is average-pooled to a g×g grid (patch 224/g), each patch's 3 channel means are multiplied by
    /// <paramref name="projection"/> [3,width] (then tanh unless <paramref name="linear"/>), and a class token
    /// (the mean of the patch tokens) is put first.
    /// </summary>
    public static byte[] ClipImage(int width, float[] projection, int grid = 4, bool linear = false)
    {
        var g = new OnnxGraphBuilder("clip_image_fixture");
        var x = g.Input("pixel_values", OnnxDataType.Float, "batch", 3, 224, 224);
        var pooled = g.AveragePool(x, 224 / grid);
        var patches = g.Transpose(g.Reshape(pooled, 0, 3, grid * grid), 0, 2, 1);
        var tokens = g.MatMul(patches, g.Const(projection, 3, width));
        if (!linear)
        {
            tokens = g.Tanh(tokens);
        }

        var cls = g.ReduceMean(tokens, [1]);
        g.Output("image_tokens", g.Concat(1, cls, tokens), OnnxDataType.Float, "batch", 1 + (grid * grid), width);
        return g.ToBytes();
    }

    /// <summary>
    /// CLIP text encoder: <c>input_ids</c> [batch,77] int64 → <c>text_embeds</c> [batch,width]: the mean over the
    /// non-zero ids of rows of <paramref name="table"/> [buckets,width] picked by <c>id mod buckets</c>, then tanh.
    /// </summary>
    public static byte[] ClipText(int width, float[] table, int buckets)
    {
        var g = new OnnxGraphBuilder("clip_text_fixture");
        var ids = g.Input("input_ids", OnnxDataType.Int64, "batch", 77);
        var rows = g.Gather(g.Const(table, buckets, width), g.Op("Mod", [ids, g.Const((long)buckets)]), 0);
        var mask = g.Unsqueeze(g.Cast(g.Greater(ids, g.Const(0L)), OnnxDataType.Float), 2);
        var sum = g.ReduceSum(g.Mul(rows, mask), [1], keepDims: false);
        var count = g.ReduceSum(mask, [1], keepDims: false);
        g.Output("text_embeds", g.Tanh(g.Div(sum, count)), OnnxDataType.Float, "batch", width);
        return g.ToBytes();
    }

    /// <summary>
    /// SD VAE encoder with HF optimum's output: <c>sample</c> [batch,3,H,W] → <c>latent_parameters</c>
    /// [batch,8,H/8,W/8]: 8×8 average pool, then the 3 channel values times <paramref name="mixing"/> [3,8]
    /// (channels 0–3 the mean, 4–7 the log-variance). With <paramref name="sampleOnly"/> the output is
    /// called <c>latent_sample</c> (a diffusers/Olive-style export).
    /// </summary>
    public static byte[] VaeEncoder(float[] mixing, bool sampleOnly = false)
    {
        var g = new OnnxGraphBuilder("vae_encoder_fixture");
        var x = g.Input("sample", OnnxDataType.Float, "batch", 3, "height", "width");
        var pooled = g.Transpose(g.AveragePool(x, 8), 0, 2, 3, 1);
        var mixed = g.Transpose(g.MatMul(pooled, g.Const(mixing, 3, 8)), 0, 3, 1, 2);
        g.Output(sampleOnly ? "latent_sample" : "latent_parameters", mixed, OnnxDataType.Float, "batch", 8, "latent_height", "latent_width");
        return g.ToBytes();
    }

    /// <summary>SD VAE decoder: <c>latent_sample</c> [batch,4,h,w] → <c>sample</c> [batch,3,8h,8w]: channels mixed by <paramref name="mixing"/> [4,3], nearest upsampling ×8.</summary>
    public static byte[] VaeDecoder(float[] mixing)
    {
        var g = new OnnxGraphBuilder("vae_decoder_fixture");
        var z = g.Input("latent_sample", OnnxDataType.Float, "batch", 4, "latent_height", "latent_width");
        var mixed = g.Transpose(g.MatMul(g.Transpose(z, 0, 2, 3, 1), g.Const(mixing, 4, 3)), 0, 3, 1, 2);
        var up = g.Op("Resize", [mixed, string.Empty, g.Const([1f, 1f, 8f, 8f], 4)], OnnxAttribute.String("mode", "nearest"));
        g.Output("sample", up, OnnxDataType.Float, "batch", 3, "height", "width");
        return g.ToBytes();
    }

    /// <summary>
    /// Writes the mini profile's fixture encoder set into <paramref name="directory"/>: <c>clip_image.fixture.onnx</c>
    /// (16 tokens × 32), <c>clip_text.fixture.onnx</c> (16), <c>vae_encoder.fixture.onnx</c>, and a byte-level CLIP
    /// vocabulary without merges (<c>clip_vocab.fixture.json</c>, <c>clip_merges.fixture.txt</c>). Weights come
    /// from a fixed-seed generator, so the bytes are identical on every run.
    /// </summary>
    public static IReadOnlyList<string> WriteMiniSet(string directory)
    {
        Directory.CreateDirectory(directory);
        var random = new FixtureRandom(20251124);
        var files = new List<string>();
        void Write(string name, byte[] bytes)
        {
            var path = Path.Combine(directory, name);
            File.WriteAllBytes(path, bytes);
            files.Add(path);
        }

        Write("clip_image.fixture.onnx", ClipImage(MiniWidth, random.Floats(3 * MiniWidth, 1.5f)));
        Write("clip_text.fixture.onnx", ClipText(MiniTextWidth, random.Floats(997 * MiniTextWidth, 1f), 997));
        float[] mixing = [.. random.Floats(3 * 4, 0.5f), .. new float[12]];
        Write("vae_encoder.fixture.onnx", VaeEncoder(Interleave(mixing)));
        var (vocab, merges) = ByteLevelClipVocabulary();
        Write("clip_vocab.fixture.json", Encoding.UTF8.GetBytes(vocab));
        Write("clip_merges.fixture.txt", Encoding.UTF8.GetBytes(merges));
        return files;
    }

    /// <summary>
    /// The mean-channel mixing [3,4] (row-major, colour channel × latent channel) of the mini set's
    /// <c>vae_encoder.fixture.onnx</c>: the same draws <see cref="WriteMiniSet"/> makes.
    /// </summary>
    public static float[] MiniVaeMeanMixing()
    {
        var random = new FixtureRandom(20251124);
        _ = random.Floats(3 * MiniWidth, 1.5f);
        _ = random.Floats(997 * MiniTextWidth, 1f);
        return random.Floats(3 * 4, 0.5f);
    }

    /// <summary>A CLIP-style vocabulary of the 256 byte symbols, their <c>&lt;/w&gt;</c> forms and the two special tokens, with no merges.</summary>
    public static (string VocabJson, string Merges) ByteLevelClipVocabulary()
    {
        var symbols = ByteSymbols();
        var tokens = symbols.Concat(symbols.Select(s => s + "</w>")).Append("<|startoftext|>").Append("<|endoftext|>").ToList();
        var json = System.Text.Json.JsonSerializer.Serialize(tokens.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i));
        return (json, "#version: 0.2\n");
    }

    /// <summary>CLIP's <c>bytes_to_unicode</c>: printable bytes map to themselves, the rest to U+0100 onwards.</summary>
    public static IReadOnlyList<string> ByteSymbols()
    {
        var printable = Enumerable.Range(33, 94).Concat(Enumerable.Range(161, 12)).Concat(Enumerable.Range(174, 82)).ToHashSet();
        var result = new List<(int Byte, string Symbol)>();
        var extra = 0;
        for (var b = 0; b < 256; b++)
        {
            result.Add((b, printable.Contains(b) ? ((char)b).ToString() : ((char)(256 + extra++)).ToString()));
        }

        return result.OrderBy(r => printable.Contains(r.Byte) ? 0 : 1).ThenBy(r => r.Byte).Select(r => r.Symbol).ToList();
    }

    private static float[] Interleave(float[] meanThenZero)
    {
        // [3, 8]: channels 0-3 from the first 12 values (row-major 3×4), channels 4-7 (log-variance) zero.
        var m = new float[3 * 8];
        for (var c = 0; c < 3; c++)
        {
            for (var k = 0; k < 4; k++)
            {
                m[(c * 8) + k] = meanThenZero[(c * 4) + k];
            }
        }

        return m;
    }
}
