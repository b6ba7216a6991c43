using Microsoft.ML.OnnxRuntime;
using Neurons.Vision.Imaging;
using Neurons.Vision.Onnx;

namespace Neurons.Vision.Sam;

/// <summary>
/// SAM through ONNX Runtime: a samexporter image encoder (<c>input_image</c> → <c>image_embeddings</c>,
/// with or without built-in preprocessing) and Meta's prompt decoder (<c>image_embeddings</c>,
/// <c>point_coords</c>, <c>point_labels</c>, <c>mask_input</c>, <c>has_mask_input</c>,
/// <c>orig_im_size</c> → <c>masks</c>, <c>iou_predictions</c>). Encode once per image, decode once per
/// box; a box is two points labelled 2 and 3 in the 1024 long-side frame.
/// </summary>
public sealed class SamSegmenter : IDisposable
{
    private static readonly float[] PixelMean = [123.675f, 116.28f, 103.53f];
    private static readonly float[] PixelStd = [58.395f, 57.12f, 57.375f];
    private static readonly string[] DecoderOutputs = ["masks", "iou_predictions"];

    private readonly InferenceSession encoder;
    private readonly InferenceSession decoder;
    private readonly SamOptions options;
    private readonly string[] encoderOutputs;
    private readonly RunOptions runOptions = new();
    private long encoderRuns;
    private long decoderRuns;

    private SamSegmenter(InferenceSession encoder, InferenceSession decoder, SamOptions options, bool builtInPreprocessing)
    {
        this.encoder = encoder;
        this.decoder = decoder;
        this.options = options;
        BuiltInPreprocessing = builtInPreprocessing;
        encoderOutputs = [options.EncoderOutput];
    }

    /// <summary>Gets the decoder inputs the wrapper binds.</summary>
    public static IReadOnlyList<TensorSpec> DecoderInputs { get; } =
    [
        new("image_embeddings", typeof(float), [1, 256, -1, -1]),
        new("point_coords", typeof(float), [1, -1, 2]),
        new("point_labels", typeof(float), [1, -1]),
        new("mask_input", typeof(float), [1, 1, 256, 256]),
        new("has_mask_input", typeof(float), [1]),
        new("orig_im_size", typeof(float), [2]),
    ];

    /// <summary>Gets the decoder outputs the wrapper reads.</summary>
    public static IReadOnlyList<TensorSpec> DecoderOutputSpecs { get; } =
    [
        new("masks", typeof(float), [1, -1, -1, -1]),
        new("iou_predictions", typeof(float), [1, -1]),
    ];

    /// <summary>Gets a value indicating whether the encoder normalises and pads itself (input H×W×3 in 0–255).</summary>
    public bool BuiltInPreprocessing { get; }

    /// <summary>Gets how many times the encoder has run.</summary>
    public long EncoderRuns => Interlocked.Read(ref encoderRuns);

    /// <summary>Gets how many times the decoder has run.</summary>
    public long DecoderRuns => Interlocked.Read(ref decoderRuns);

    /// <summary>Loads the encoder and decoder and checks both signatures.</summary>
    /// <exception cref="OnnxModelException">A file is missing or a signature does not match.</exception>
    public static SamSegmenter Load(string encoderPath, string decoderPath, SamOptions options, OnnxSessionOptions sessionOptions)
    {
        ArgumentNullException.ThrowIfNull(options);
        var encoder = OnnxSessionFactory.Create(encoderPath, sessionOptions, "sam-encoder");
        InferenceSession? decoder = null;
        try
        {
            OnnxSignature.Verify(encoder, "sam-encoder", encoderPath, [new TensorSpec(options.EncoderInput, typeof(float), null)], [new TensorSpec(options.EncoderOutput, typeof(float), [1, 256, -1, -1])]);
            var rank = encoder.InputMetadata[options.EncoderInput].Dimensions.Length;
            var builtIn = rank switch
            {
                3 => true,
                4 => false,
                _ => throw new OnnxModelException($"sam-encoder model '{Path.GetFileName(encoderPath)}' input '{options.EncoderInput}' has rank {rank}, expected 4 (1×3×{options.LongSide}×{options.LongSide}) or 3 (H×W×3 with built-in preprocessing)"),
            };
            if (!builtIn)
            {
                OnnxSignature.Verify(encoder, "sam-encoder", encoderPath, [new TensorSpec(options.EncoderInput, typeof(float), [1, 3, options.LongSide, options.LongSide])], []);
            }
            else
            {
                OnnxSignature.Verify(encoder, "sam-encoder", encoderPath, [new TensorSpec(options.EncoderInput, typeof(float), [-1, -1, 3])], []);
            }

            decoder = OnnxSessionFactory.Create(decoderPath, sessionOptions, "sam-decoder");
            OnnxSignature.Verify(decoder, "sam-decoder", decoderPath, DecoderInputs, DecoderOutputSpecs);
            return new SamSegmenter(encoder, decoder, options, builtIn);
        }
        catch
        {
            encoder.Dispose();
            decoder?.Dispose();
            throw;
        }
    }

    /// <summary>Returns the resized size (long side = <see cref="SamOptions.LongSide"/>, rounded) and the scale.</summary>
    public static (int Width, int Height, float Scale) ResizedSize(int width, int height, int longSide)
    {
        var scale = (float)longSide / Math.Max(width, height);
        return ((int)((width * scale) + 0.5f), (int)((height * scale) + 0.5f), scale);
    }

    /// <summary>Builds the encoder input: resized to the long side; normalised in 0–255 space and zero-padded to a square unless the graph does it.</summary>
    public (float[] Data, long[] Shape) Preprocess(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (w, h, _) = ResizedSize(image.Width, image.Height, options.LongSide);
        var resized = ImageOps.ResizeBilinear(ImageOps.ToFloat(image, 1f), image.Width, image.Height, 3, w, h);
        if (BuiltInPreprocessing)
        {
            return (resized, [h, w, 3]);
        }

        var side = options.LongSide;
        var data = new float[3 * side * side];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    data[(c * side * side) + (y * side) + x] = (resized[(((y * w) + x) * 3) + c] - PixelMean[c]) / PixelStd[c];
                }
            }
        }

        return (data, [1, 3, side, side]);
    }

    /// <summary>Runs the image encoder once.</summary>
    public SamEmbedding Encode(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (data, shape) = Preprocess(image);
        using var input = OrtValue.CreateTensorValueFromMemory(data, shape);
        using var outputs = encoder.Run(runOptions, [options.EncoderInput], [input], encoderOutputs);
        Interlocked.Increment(ref encoderRuns);
        var embedding = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        var embeddingShape = outputs[0].GetTensorTypeAndShape().Shape;
        var (_, _, scale) = ResizedSize(image.Width, image.Height, options.LongSide);
        return new SamEmbedding(embedding, embeddingShape, image.Width, image.Height, scale);
    }

    /// <summary>Returns the decoder's point prompt for a box: two points labelled 2 (top-left) and 3 (bottom-right), scaled to the encoder frame.</summary>
    public static (float[] Coords, float[] Labels) BoxPrompt(PixelBox box, float scale) =>
        ([box.X1 * scale, box.Y1 * scale, box.X2 * scale, box.Y2 * scale], [2f, 3f]);

    /// <summary>Runs the decoder once for a box and thresholds the best mask.</summary>
    public SamMask Decode(SamEmbedding embedding, PixelBox box)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        var (coords, labels) = BoxPrompt(box, embedding.Scale);
        using var embeddings = OrtValue.CreateTensorValueFromMemory(embedding.Data, [.. embedding.Shape]);
        using var pointCoords = OrtValue.CreateTensorValueFromMemory(coords, [1, 2, 2]);
        using var pointLabels = OrtValue.CreateTensorValueFromMemory(labels, [1, 2]);
        using var maskInput = OrtValue.CreateTensorValueFromMemory(new float[256 * 256], [1, 1, 256, 256]);
        using var hasMask = OrtValue.CreateTensorValueFromMemory(new float[] { 0f }, [1]);
        using var size = OrtValue.CreateTensorValueFromMemory(new float[] { embedding.Height, embedding.Width }, [2]);
        var inputs = new Dictionary<string, OrtValue>(StringComparer.Ordinal)
        {
            ["image_embeddings"] = embeddings,
            ["point_coords"] = pointCoords,
            ["point_labels"] = pointLabels,
            ["mask_input"] = maskInput,
            ["has_mask_input"] = hasMask,
            ["orig_im_size"] = size,
        };
        using var outputs = decoder.Run(runOptions, inputs, DecoderOutputs);
        Interlocked.Increment(ref decoderRuns);
        var shape = outputs[0].GetTensorTypeAndShape().Shape;
        return Threshold(outputs[0].GetTensorDataAsSpan<float>(), shape, outputs[1].GetTensorDataAsSpan<float>(), options.MaskThreshold);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        runOptions.Dispose();
        encoder.Dispose();
        decoder.Dispose();
    }

    /// <summary>Picks the mask with the highest predicted IoU (of M) and binarises it at the threshold (strictly greater).</summary>
    internal static SamMask Threshold(ReadOnlySpan<float> masks, long[] shape, ReadOnlySpan<float> iou, float threshold)
    {
        var count = (int)shape[1];
        var h = (int)shape[2];
        var w = (int)shape[3];
        var bestIndex = 0;
        for (var m = 1; m < count; m++)
        {
            if (iou[m] > iou[bestIndex])
            {
                bestIndex = m;
            }
        }

        var plane = masks.Slice(bestIndex * w * h, w * h);
        var pixels = new bool[w * h];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = plane[i] > threshold;
        }

        return new SamMask(w, h, pixels, iou[bestIndex]);
    }
}
