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
    private static readonly PixelTransform[] Normalizing =
    [
        PixelTransform.Normalizing(123.675f, 58.395f),
        PixelTransform.Normalizing(116.28f, 57.12f),
        PixelTransform.Normalizing(103.53f, 57.375f),
    ];

    private static readonly string[] DecoderOutputs = ["masks", "iou_predictions"];
    private static readonly string[] DecoderInputNames = ["image_embeddings", "point_coords", "point_labels", "mask_input", "has_mask_input", "orig_im_size"];

    private readonly InferenceSession encoder;
    private readonly InferenceSession decoder;
    private readonly SamOptions options;
    private readonly string[] encoderOutputs;
    private readonly RunOptions runOptions = new();
    private readonly TensorBufferPool inputs = new();
    private readonly ResizePlanCache plans = new();
    private readonly OrtValue noMask = OrtValue.CreateTensorValueFromMemory(new float[256 * 256], [1, 1, 256, 256]);
    private readonly OrtValue hasNoMask = OrtValue.CreateTensorValueFromMemory(new float[] { 0f }, [1]);
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

    /// <summary>Gets the long side images are resized to (<see cref="SamOptions.LongSide"/>).</summary>
    public int LongSide => options.LongSide;

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
        var shape = InputShape(image);
        var data = new float[shape.Aggregate(1L, (a, d) => a * d)];
        Fill(image, data);
        return (data, shape);
    }

    /// <summary>Runs the image encoder once.</summary>
    public SamEmbedding Encode(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var input = PrepareInput(image);
        try
        {
            using var outputs = RunEncoder(input);
            var embedding = outputs[0].GetTensorDataAsSpan<float>().ToArray();
            var embeddingShape = outputs[0].GetTensorTypeAndShape().Shape;
            var (_, _, scale) = ResizedSize(image.Width, image.Height, options.LongSide);
            return new SamEmbedding(embedding, embeddingShape, image.Width, image.Height, scale);
        }
        finally
        {
            ReleaseInput(input);
        }
    }

    /// <summary>Rents an input tensor and fills it with the preprocessed image (pair with <see cref="ReleaseInput"/>).</summary>
    internal TensorBuffer PrepareInput(RgbImage image)
    {
        var buffer = inputs.Rent(InputShape(image));
        try
        {
            Fill(image, buffer.Data);
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

    /// <summary>Runs the encoder on a prepared input; the caller disposes the outputs (the embedding stays in ONNX Runtime's memory).</summary>
    internal IDisposableReadOnlyCollection<OrtValue> RunEncoder(TensorBuffer input)
    {
        var outputs = encoder.Run(runOptions, [options.EncoderInput], [input.Value], encoderOutputs);
        Interlocked.Increment(ref encoderRuns);
        return outputs;
    }

    /// <summary>Returns the decoder's point prompt for a box: two points labelled 2 (top-left) and 3 (bottom-right), scaled to the encoder frame.</summary>
    public static (float[] Coords, float[] Labels) BoxPrompt(PixelBox box, float scale) =>
        ([box.X1 * scale, box.Y1 * scale, box.X2 * scale, box.Y2 * scale], [2f, 3f]);

    /// <summary>Runs the decoder once for a box and thresholds the best mask.</summary>
    public SamMask Decode(SamEmbedding embedding, PixelBox box)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        using var embeddings = OrtValue.CreateTensorValueFromMemory(embedding.Data, [.. embedding.Shape]);
        return Decode(embeddings, embedding.Width, embedding.Height, embedding.Scale, box);
    }

    /// <summary>Runs the decoder on an embedding held as an ONNX Runtime value (the encoder's output, not copied).</summary>
    internal SamMask Decode(OrtValue embeddings, int width, int height, float scale, PixelBox box)
    {
        var (coords, labels) = BoxPrompt(box, scale);
        using var pointCoords = OrtValue.CreateTensorValueFromMemory(coords, [1, 2, 2]);
        using var pointLabels = OrtValue.CreateTensorValueFromMemory(labels, [1, 2]);
        using var size = OrtValue.CreateTensorValueFromMemory(new float[] { height, width }, [2]);
        using var outputs = decoder.Run(runOptions, DecoderInputNames, [embeddings, pointCoords, pointLabels, noMask, hasNoMask, size], DecoderOutputs);
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
        inputs.Dispose();
        noMask.Dispose();
        hasNoMask.Dispose();
    }

    private long[] InputShape(RgbImage image)
    {
        if (!BuiltInPreprocessing)
        {
            return [1, 3, options.LongSide, options.LongSide];
        }

        var (w, h, _) = ResizedSize(image.Width, image.Height, options.LongSide);
        return [h, w, 3];
    }

    /// <summary>
    /// Writes the encoder input: the frame resized (bilinear) so its long side is <see cref="SamOptions.LongSide"/>;
    /// H×W×3 in 0–255 for a graph with built-in preprocessing, else per channel <c>(v − mean) / std</c> (SAM's
    /// pixel statistics), channels first, zero-padded to a square.
    /// </summary>
    private void Fill(RgbImage image, Span<float> data)
    {
        var (w, h, _) = ResizedSize(image.Width, image.Height, options.LongSide);
        if (BuiltInPreprocessing)
        {
            var hwc = System.Buffers.ArrayPool<float>.Shared.Rent(image.Width * image.Height * 3);
            try
            {
                var bytes = image.Pixels.Span;
                for (var i = 0; i < bytes.Length; i++)
                {
                    hwc[i] = bytes[i] * 1f;
                }

                plans.Bilinear(image.Width, image.Height, w, h, 3).Resize(hwc, data, w * 3, PixelTransform.None);
            }
            finally
            {
                System.Buffers.ArrayPool<float>.Shared.Return(hwc);
            }

            return;
        }

        ImageOps.ResizeToChw(image, 1f, plans.Bilinear(image.Width, image.Height, w, h, 1), Normalizing, data, options.LongSide, options.LongSide);
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
