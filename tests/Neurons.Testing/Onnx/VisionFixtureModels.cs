namespace Neurons.Testing.Onnx;

/// <summary>
/// Small ONNX models with the real input/output names, dtypes and dynamic axes of the vision exports
/// (Grounding DINO, SAM encoder and decoder) and simple, known behaviour, so tests can assert exact
/// boxes and masks through ONNX Runtime.
/// </summary>
public static class VisionFixtureModels
{
    /// <summary>
    /// A Grounding DINO export (<c>img</c>, <c>input_ids</c>, <c>attention_mask</c> bool,
    /// <c>position_ids</c>, <c>token_type_ids</c>, <c>text_token_mask</c> bool → <c>logits</c>
    /// [B,Q,256], <c>boxes</c> [B,Q,4]). Query q has logit <c>Logit</c> on every token whose id and
    /// position id equal its <see cref="GroundingFixtureQuery"/>, -10 elsewhere and -100 on the padding
    /// up to 256 tokens; its box is the query's constant box. Queries beyond the list never fire.
    /// </summary>
    public static byte[] GroundingDino(IReadOnlyList<GroundingFixtureQuery> fired, int queries = 900, int maxTextLength = 256)
    {
        ArgumentNullException.ThrowIfNull(fired);
        var g = new OnnxGraphBuilder("grounding_dino_fixture");
        var img = g.Input("img", OnnxDataType.Float, "batch", 3, "height", "width");
        var ids = g.Input("input_ids", OnnxDataType.Int64, "batch", "tokens");
        g.Input("attention_mask", OnnxDataType.Bool, "batch", "tokens");
        var positions = g.Input("position_ids", OnnxDataType.Int64, "batch", "tokens");
        g.Input("token_type_ids", OnnxDataType.Int64, "batch", "tokens");
        g.Input("text_token_mask", OnnxDataType.Bool, "batch", "tokens", "tokens");

        var k = new float[queries];
        var p = new float[queries];
        var l = new float[queries];
        var b = new float[queries * 4];
        Array.Fill(k, -1f);
        for (var q = 0; q < fired.Count; q++)
        {
            k[q] = fired[q].TokenId;
            p[q] = fired[q].PositionId;
            l[q] = fired[q].Logit + 10f;
            (b[q * 4], b[(q * 4) + 1], b[(q * 4) + 2], b[(q * 4) + 3]) = (fired[q].CenterX, fired[q].CenterY, fired[q].Width, fired[q].Height);
        }

        var idMatch = g.Equal(g.Unsqueeze(g.Cast(ids, OnnxDataType.Float), 1), g.Const(k, 1, queries, 1));
        var posMatch = g.Equal(g.Unsqueeze(g.Cast(positions, OnnxDataType.Float), 1), g.Const(p, 1, queries, 1));
        var match = g.Cast(g.And(idMatch, posMatch), OnnxDataType.Float);
        var logits = g.Sub(g.Mul(match, g.Const(l, 1, queries, 1)), g.Const(10f));
        var tokens = g.Unsqueeze(g.Gather(g.Shape(ids), 1), 0);
        var pads = g.Concat(0, g.Ints(0, 0, 0, 0, 0), g.Sub(g.Ints(maxTextLength), tokens));
        g.Output("logits", g.Pad(logits, pads, g.Const(-100f)), OnnxDataType.Float, "batch", queries, maxTextLength);
        var batch = g.Unsqueeze(g.Gather(g.Shape(img), 0), 0);
        g.Output("boxes", g.Expand(g.Const(b, 1, queries, 4), g.Concat(0, batch, g.Ints(queries, 4))), OnnxDataType.Float, "batch", queries, 4);
        return g.ToBytes();
    }

    /// <summary>
    /// A samexporter SAM encoder: <c>input_image</c> 1×3×1024×1024 (normalised by the caller), or with
    /// <paramref name="builtInPreprocessing"/> H×W×3 in 0–255 (the graph normalises with SAM's mean/std and
    /// zero-pads to 1024) → <c>image_embeddings</c> 1×256×64×64, every channel holding the 16×16 block
    /// mean of the normalised image averaged over colour channels.
    /// </summary>
    public static byte[] SamEncoder(bool builtInPreprocessing)
    {
        var g = new OnnxGraphBuilder("sam_encoder_fixture");
        string image;
        if (builtInPreprocessing)
        {
            var raw = g.Input("input_image", OnnxDataType.Float, "image_height", "image_width", 3);
            var normalized = g.Div(g.Sub(raw, g.Const([123.675f, 116.28f, 103.53f], 3)), g.Const([58.395f, 57.12f, 57.375f], 3));
            var chw = g.Transpose(normalized, 2, 0, 1);
            var hw = g.Slice(g.Shape(chw), [1], [3], [0]);
            var padEnd = g.Sub(g.Ints(1024, 1024), hw);
            var pads = g.Concat(0, g.Ints(0, 0, 0, 0), padEnd);
            image = g.Unsqueeze(g.Pad(chw, pads, g.Const(0f)), 0);
        }
        else
        {
            image = g.Input("input_image", OnnxDataType.Float, 1, 3, 1024, 1024);
        }

        var pooled = g.ReduceMean(g.AveragePool(image, 16), [1]);
        g.Output("image_embeddings", g.Expand(pooled, g.Ints(1, 256, 64, 64)), OnnxDataType.Float, 1, 256, 64, 64);
        return g.ToBytes();
    }

    /// <summary>
    /// A random-weight SAM image encoder of real compute for the wrapper benchmark, with the samexporter signature
    /// (<c>input_image</c> 1×3×1024×1024 → <c>image_embeddings</c> 1×256×64×64): a ViT of <paramref name="depth"/>
    /// blocks at width <paramref name="width"/> over the 64×64 grid of 16² patches. Patch embedding (a 16×16 stride-16
    /// convolution), then per block LayerNorm, multi-head self-attention within windows of 64 tokens (one patch row;
    /// SAM attends in 14×14 windows), LayerNorm and an MLP of 4 × width (ReLU), each with a residual; then a 1×1
    /// convolution to 256 channels and, with <paramref name="fullNeck"/>, SAM's 3×3 256→256 convolution.
    /// <paramref name="width"/> 768, depth 12, 12 heads and the full neck is ViT-B's size (≈ 0.72 TFLOP per image).
    /// </summary>
    public static byte[] SamEncoderVit(int width, int depth, int heads, bool fullNeck, ulong seed = 19)
    {
        if (width % heads != 0)
        {
            throw new ArgumentException($"width {width} is not a multiple of {heads} heads", nameof(heads));
        }

        var random = new FixtureRandom(seed);
        var g = new OnnxGraphBuilder("sam_encoder_vit_fixture");
        var image = g.Input("input_image", OnnxDataType.Float, 1, 3, 1024, 1024);
        string Weights(float fanIn, params long[] dims) =>
            g.Const(random.Floats((int)dims.Aggregate(1L, (a, d) => a * d), 1f / MathF.Sqrt(fanIn)), dims);
        string Conv(string x, string w, string b, long kernel, long stride, long pad) =>
            g.Op("Conv", [x, w, b], OnnxAttribute.Ints("kernel_shape", kernel, kernel), OnnxAttribute.Ints("strides", stride, stride), OnnxAttribute.Ints("pads", pad, pad, pad, pad));
        string LayerNorm(string x) =>
            g.Op("LayerNormalization", [x, g.Const(Enumerable.Repeat(1f, width).ToArray(), width), g.Const(new float[width], width)], OnnxAttribute.Int("axis", -1));

        var patches = Conv(image, Weights(3 * 16 * 16, width, 3, 16, 16), g.Const(new float[width], width), 16, 16, 0);
        var x = g.Transpose(g.Reshape(patches, 1, width, 4096), 0, 2, 1);
        x = g.Add(x, g.Const(random.Floats(4096 * width, 0.02f), 1, 4096, width));
        var dh = width / heads;
        for (var block = 0; block < depth; block++)
        {
            // Attention within each row of 64 patches: [64 windows, 64 tokens, width].
            var h = g.Reshape(LayerNorm(x), 64, 64, width);
            var qkv = g.Transpose(g.Reshape(g.MatMul(h, Weights(width, width, 3 * width)), 64, 64, 3, heads, dh), 2, 0, 3, 1, 4);
            var q = g.Gather(qkv, 0);
            var k = g.Gather(qkv, 1);
            var v = g.Gather(qkv, 2);
            var scores = g.Mul(g.MatMul(q, g.Transpose(k, 0, 1, 3, 2)), g.Const(1f / MathF.Sqrt(dh)));
            var attended = g.MatMul(g.Softmax(scores), v);
            var merged = g.Reshape(g.Transpose(attended, 0, 2, 1, 3), 1, 4096, width);
            x = g.Add(x, g.MatMul(merged, Weights(width, width, width)));
            var hidden = g.Relu(g.MatMul(LayerNorm(x), Weights(width, width, 4 * width)));
            x = g.Add(x, g.MatMul(hidden, Weights(4 * width, 4 * width, width)));
        }

        var grid = g.Reshape(g.Transpose(x, 0, 2, 1), 1, width, 64, 64);
        var neck = Conv(grid, Weights(width, 256, width, 1, 1), g.Const(new float[256], 256), 1, 1, 0);
        if (fullNeck)
        {
            neck = Conv(neck, Weights(256 * 9, 256, 256, 3, 3), g.Const(new float[256], 256), 3, 1, 1);
        }

        g.Output("image_embeddings", neck, OnnxDataType.Float, 1, 256, 64, 64);
        return g.ToBytes();
    }

    /// <summary>The multiply-adds × 2 of one <see cref="SamEncoderVit"/> run (convolutions, projections, MLP, attention products).</summary>
    public static double SamEncoderVitFlops(int width, int depth, bool fullNeck)
    {
        const double tokens = 4096;
        double w = width;
        var patch = tokens * w * 3 * 16 * 16;
        var block = (tokens * w * 3 * w) + (tokens * w * w) + (2 * tokens * w * 4 * w) + (2 * 64 * 64 * 64 * w);
        var neck = (tokens * w * 256) + (fullNeck ? tokens * 256 * 256 * 9 : 0);
        return 2 * (patch + (depth * block) + neck);
    }

    /// <summary>
    /// Meta's SAM decoder signature (<c>image_embeddings</c>, <c>point_coords</c> [1,N,2],
    /// <c>point_labels</c> [1,N], <c>mask_input</c>, <c>has_mask_input</c>, <c>orig_im_size</c> →
    /// <c>masks</c> [1,1,H,W], <c>iou_predictions</c> [1,1], <c>low_res_masks</c>). The mask logit of pixel
    /// (x, y) is the signed distance of its centre inside the box given by the first two points (mapped
    /// back from the 1024 long-side frame): positive inside, negative outside. When the labels are not
    /// exactly (2, 3) the sign flips, so a wrong prompt gives an inverted mask.
    /// </summary>
    public static byte[] SamDecoder(float predictedIou = 0.9f)
    {
        var g = new OnnxGraphBuilder("sam_decoder_fixture");
        g.Input("image_embeddings", OnnxDataType.Float, 1, 256, 64, 64);
        var coords = g.Input("point_coords", OnnxDataType.Float, 1, "num_points", 2);
        var labels = g.Input("point_labels", OnnxDataType.Float, 1, "num_points");
        g.Input("mask_input", OnnxDataType.Float, 1, 1, 256, 256);
        g.Input("has_mask_input", OnnxDataType.Float, 1);
        var size = g.Input("orig_im_size", OnnxDataType.Float, 2);

        var h = g.Gather(size, 0);
        var w = g.Gather(size, 1);
        var scale = g.Div(g.Const(1024f), g.Max(h, w));
        var points = g.Squeeze(coords, 0);
        var p0 = g.Gather(points, 0);
        var p1 = g.Gather(points, 1);
        var x1 = g.Div(g.Gather(p0, 0), scale);
        var y1 = g.Div(g.Gather(p0, 1), scale);
        var x2 = g.Div(g.Gather(p1, 0), scale);
        var y2 = g.Div(g.Gather(p1, 1), scale);
        var half = g.Const(0.5f);
        var xs = g.Add(g.Range(g.Const(0f), w, g.Const(1f)), half);
        var ys = g.Add(g.Range(g.Const(0f), h, g.Const(1f)), half);
        var dx = g.Min(g.Sub(xs, x1), g.Sub(x2, xs));
        var dy = g.Min(g.Sub(ys, y1), g.Sub(y2, ys));
        var distance = g.Min(g.Unsqueeze(dy, 1), g.Unsqueeze(dx, 0));
        var labelOk = g.ReduceMin(g.Cast(g.Equal(g.Squeeze(labels, 0), g.Const([2f, 3f], 2)), OnnxDataType.Float), [0], keepDims: false);
        var sign = g.Sub(g.Mul(labelOk, g.Const(2f)), g.Const(1f));
        g.Output("masks", g.Unsqueeze(g.Mul(distance, sign), 0, 1), OnnxDataType.Float, 1, 1, "height", "width");
        g.Output("iou_predictions", g.Const([predictedIou], 1, 1), OnnxDataType.Float, 1, 1);
        g.Output("low_res_masks", g.Const(new float[256 * 256], 1, 1, 256, 256), OnnxDataType.Float, 1, 1, 256, 256);
        return g.ToBytes();
    }

    /// <summary>
    /// Writes the Grounded-SAM fixture set the stage tests load from disk: <c>gdino.fixture.onnx</c> (query 0 fires on
    /// "dog", query 1 on "ball" of the test vocabulary, boxes (0.5, 0.5, 0.25, 0.5) and (0.25, 0.75, 0.125, 0.125)),
    /// <c>vocab.txt</c>, <c>sam_encoder.fixture.onnx</c> and <c>sam_decoder.fixture.onnx</c>.
    /// </summary>
    public static IReadOnlyList<string> WriteGroundedSamSet(string directory)
    {
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        void Write(string name, byte[] bytes)
        {
            var path = Path.Combine(directory, name);
            File.WriteAllBytes(path, bytes);
            files.Add(path);
        }

        Write("gdino.fixture.onnx", GroundingDino(
        [
            new(Vision.TestVocabularies.BertId("dog"), 0, 3f, 0.5f, 0.5f, 0.25f, 0.5f),
            new(Vision.TestVocabularies.BertId("ball"), 0, 2f, 0.25f, 0.75f, 0.125f, 0.125f),
        ]));
        Write("sam_encoder.fixture.onnx", SamEncoder(builtInPreprocessing: false));
        Write("sam_decoder.fixture.onnx", SamDecoder());
        files.Add(Vision.TestVocabularies.WriteBert(directory));
        return files;
    }
}
