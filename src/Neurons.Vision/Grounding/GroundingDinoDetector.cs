using Microsoft.ML.OnnxRuntime;
using Neurons.Vision.Imaging;
using Neurons.Vision.Onnx;
using Neurons.Vision.Text;

namespace Neurons.Vision.Grounding;

/// <summary>
/// Grounding DINO through ONNX Runtime, for the common export (wenyi5608 / X-AnyLabeling):
/// inputs <c>img</c>, <c>input_ids</c>, <c>attention_mask</c> (bool), <c>position_ids</c>,
/// <c>token_type_ids</c>, <c>text_token_mask</c> (bool T×T); outputs <c>logits</c> (Q×256, raw) and
/// <c>boxes</c> (Q×4, normalised cx, cy, w, h). Bound by name; the signature is checked at load.
/// </summary>
public sealed class GroundingDinoDetector : IDisposable
{
    private static readonly PixelTransform[] Normalizing =
    [
        PixelTransform.Normalizing(0.485f, 0.229f),
        PixelTransform.Normalizing(0.456f, 0.224f),
        PixelTransform.Normalizing(0.406f, 0.225f),
    ];

    private static readonly string[] OutputNames = ["logits", "boxes"];
    private static readonly string[] InputNames = ["img", "input_ids", "attention_mask", "position_ids", "token_type_ids", "text_token_mask"];

    private readonly InferenceSession session;
    private readonly GroundingDinoOptions options;
    private readonly RunOptions runOptions = new();
    private readonly TensorBufferPool inputs = new();
    private readonly ResizePlanCache plans = new();
    private long runs;

    private GroundingDinoDetector(InferenceSession session, GroundingTokenizer tokenizer, GroundingDinoOptions options)
    {
        this.session = session;
        Tokenizer = tokenizer;
        this.options = options;
    }

    /// <summary>Gets the inputs and outputs the wrapper requires.</summary>
    public static IReadOnlyList<TensorSpec> RequiredInputs { get; } =
    [
        new("img", typeof(float), [-1, 3, -1, -1]),
        new("input_ids", typeof(long), [-1, -1]),
        new("attention_mask", typeof(bool), [-1, -1]),
        new("position_ids", typeof(long), [-1, -1]),
        new("token_type_ids", typeof(long), [-1, -1]),
        new("text_token_mask", typeof(bool), [-1, -1, -1]),
    ];

    /// <summary>Gets the outputs the wrapper requires.</summary>
    public static IReadOnlyList<TensorSpec> RequiredOutputs { get; } =
    [
        new("logits", typeof(float), [-1, -1, -1]),
        new("boxes", typeof(float), [-1, -1, 4]),
    ];

    /// <summary>Gets the caption tokenizer.</summary>
    public GroundingTokenizer Tokenizer { get; }

    /// <summary>Gets how many times the model has run.</summary>
    public long Runs => Interlocked.Read(ref runs);

    /// <summary>Loads the model and the BERT vocabulary and checks the model's signature.</summary>
    /// <exception cref="OnnxModelException">A file is missing or the signature does not match (one line naming the tensor).</exception>
    public static GroundingDinoDetector Load(string modelPath, string vocabPath, GroundingDinoOptions options, OnnxSessionOptions sessionOptions)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(vocabPath))
        {
            throw new OnnxModelException($"grounding-dino vocabulary file not found: {vocabPath}");
        }

        var tokenizer = GroundingTokenizer.Load(vocabPath, options.MaxTextLength);
        var session = OnnxSessionFactory.Create(modelPath, sessionOptions, "grounding-dino");
        try
        {
            OnnxSignature.Verify(session, "grounding-dino", modelPath, RequiredInputs, RequiredOutputs);
            return new GroundingDinoDetector(session, tokenizer, options);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Returns the model input size for an image: short side to <see cref="GroundingDinoOptions.ShortSide"/> capped by <see cref="GroundingDinoOptions.MaxSize"/>, or the fixed size.</summary>
    public (int Width, int Height) InputSize(int width, int height) => InputSize(width, height, options);

    /// <summary>Builds the normalised <c>img</c> tensor data (1×3×H×W): resize, /255, ImageNet mean/std.</summary>
    public float[] Preprocess(RgbImage image, out int inputWidth, out int inputHeight)
    {
        ArgumentNullException.ThrowIfNull(image);
        (inputWidth, inputHeight) = InputSize(image.Width, image.Height);
        var chw = new float[3 * inputWidth * inputHeight];
        Fill(image, inputWidth, inputHeight, chw);
        return chw;
    }

    /// <summary>Finds the best box for each phrase of <paramref name="caption"/> on <paramref name="image"/>.</summary>
    public IReadOnlyList<GroundingDetection> Detect(RgbImage image, GroundingCaption caption)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(caption);
        using var text = new CaptionInputs(caption);
        var img = PrepareInput(image);
        try
        {
            return Detect(img, text, image.Width, image.Height);
        }
        finally
        {
            ReleaseInput(img);
        }
    }

    /// <summary>Rents the <c>img</c> tensor and fills it with the preprocessed image (pair with <see cref="ReleaseInput"/>).</summary>
    internal TensorBuffer PrepareInput(RgbImage image)
    {
        var (w, h) = InputSize(image.Width, image.Height);
        var buffer = inputs.Rent([1, 3, h, w]);
        try
        {
            Fill(image, w, h, buffer.Data);
            return buffer;
        }
        catch
        {
            inputs.Return(buffer);
            throw;
        }
    }

    /// <summary>Gives an input tensor back to the pool.</summary>
    internal void ReleaseInput(TensorBuffer buffer) => inputs.Return(buffer);

    /// <summary>Runs the model on a prepared image of <paramref name="width"/> × <paramref name="height"/> pixels and a caption's tensors.</summary>
    internal IReadOnlyList<GroundingDetection> Detect(TensorBuffer img, CaptionInputs text, int width, int height)
    {
        using var outputs = session.Run(runOptions, InputNames, [img.Value, text.Ids, text.Attention, text.Positions, text.Types, text.SelfAttention], OutputNames);
        Interlocked.Increment(ref runs);
        var logitsShape = outputs[0].GetTensorTypeAndShape().Shape;
        var boxesShape = outputs[1].GetTensorTypeAndShape().Shape;
        return Postprocess(
            outputs[0].GetTensorDataAsSpan<float>(),
            (int)logitsShape[1],
            (int)logitsShape[2],
            outputs[1].GetTensorDataAsSpan<float>(),
            (int)boxesShape[1],
            text.Caption,
            width,
            height,
            options);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        runOptions.Dispose();
        session.Dispose();
        inputs.Dispose();
    }

    /// <summary>
    /// Sigmoid scores, box threshold on each query's best token (first T tokens), then for each phrase the
    /// kept query with the highest score over the phrase's tokens above the text threshold; boxes from
    /// normalised cxcywh to pixel xyxy.
    /// </summary>
    internal static IReadOnlyList<GroundingDetection> Postprocess(
        ReadOnlySpan<float> logits,
        int queries,
        int tokens,
        ReadOnlySpan<float> boxes,
        int boxQueries,
        GroundingCaption caption,
        int width,
        int height,
        GroundingDinoOptions options)
    {
        if (boxQueries != queries)
        {
            throw new InvalidOperationException($"grounding-dino returned {queries} logit rows but {boxQueries} boxes");
        }

        var t = Math.Min(caption.Length, tokens);
        var best = new (int Query, float Score)[caption.Phrases.Count];
        Array.Fill(best, (-1, 0f));
        for (var q = 0; q < queries; q++)
        {
            var row = logits.Slice(q * tokens, t);
            var max = float.NegativeInfinity;
            foreach (var v in row)
            {
                max = Math.Max(max, v);
            }

            if (Sigmoid(max) <= options.BoxThreshold)
            {
                continue;
            }

            for (var p = 0; p < caption.Phrases.Count; p++)
            {
                var phrase = caption.Phrases[p];
                var score = 0f;
                for (var k = phrase.Start; k < Math.Min(phrase.End, t); k++)
                {
                    score = Math.Max(score, Sigmoid(row[k]));
                }

                if (score > options.TextThreshold && score > best[p].Score)
                {
                    best[p] = (q, score);
                }
            }
        }

        var detections = new List<GroundingDetection>();
        for (var p = 0; p < best.Length; p++)
        {
            var (q, score) = best[p];
            if (q < 0)
            {
                continue;
            }

            var b = boxes.Slice(q * 4, 4);
            var box = PixelBox.FromNormalizedCenter(b[0], b[1], b[2], b[3], width, height);
            detections.Add(new GroundingDetection(caption.Phrases[p].Text, box, score, q));
        }

        return detections;
    }

    internal static (int Width, int Height) InputSize(int width, int height, GroundingDinoOptions options)
    {
        if (options.FixedWidth > 0 && options.FixedHeight > 0)
        {
            return (options.FixedWidth, options.FixedHeight);
        }

        // torchvision-style resize of the short side, with the long side capped at MaxSize (GroundingDINO's RandomResize).
        double size = options.ShortSide;
        double minSide = Math.Min(width, height);
        double maxSide = Math.Max(width, height);
        if (maxSide / minSide * size > options.MaxSize)
        {
            size = Math.Round(options.MaxSize * minSide / maxSide);
        }

        return width < height
            ? ((int)size, (int)(size * height / width))
            : ((int)(size * width / height), (int)size);
    }

    /// <summary>Resizes (bilinear) to the input size, scales to 0–1 and normalises with ImageNet's mean and std, channels first.</summary>
    private void Fill(RgbImage image, int width, int height, Span<float> chw) =>
        ImageOps.ResizeToChw(image, 1f / 255f, plans.Bilinear(image.Width, image.Height, width, height, 1), Normalizing, chw, width, height);

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}
