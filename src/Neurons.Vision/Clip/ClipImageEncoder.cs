using Microsoft.ML.OnnxRuntime;
using Neurons.Vision.Imaging;
using Neurons.Vision.Onnx;

namespace Neurons.Vision.Clip;

/// <summary>
/// A CLIP image encoder export that returns the visual tokens (OpenCLIP ViT-bigG-14 with
/// <c>output_tokens=True</c> in the paper configuration): <c>pixel_values</c> [B,3,S,S] →
/// <c>image_tokens</c> [B,1+P,W] (the class token is dropped when the token count is a square plus one).
/// </summary>
public sealed class ClipImageEncoder : IDisposable
{
    private readonly InferenceSession session;
    private readonly ClipImageOptions options;
    private readonly string[] outputs;
    private readonly RunOptions runOptions = new();
    private long runs;

    private ClipImageEncoder(InferenceSession session, ClipImageOptions options, bool dynamicBatch)
    {
        this.session = session;
        this.options = options;
        DynamicBatch = dynamicBatch;
        outputs = [options.TokensOutput];
    }

    /// <summary>Gets a value indicating whether the batch axis is dynamic (otherwise images run one at a time).</summary>
    public bool DynamicBatch { get; }

    /// <summary>Gets the number of model runs.</summary>
    public long Runs => Interlocked.Read(ref runs);

    /// <summary>Loads and checks the model.</summary>
    public static ClipImageEncoder Load(string path, ClipImageOptions options, OnnxSessionOptions sessionOptions)
    {
        ArgumentNullException.ThrowIfNull(options);
        var session = OnnxSessionFactory.Create(path, sessionOptions, "clip-image");
        try
        {
            OnnxSignature.Verify(
                session,
                "clip-image",
                path,
                [new TensorSpec(options.InputName, typeof(float), [-1, 3, options.Size, options.Size])],
                [new TensorSpec(options.TokensOutput, typeof(float), [-1, -1, -1])]);
            return new ClipImageEncoder(session, options, session.InputMetadata[options.InputName].Dimensions[0] < 0);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The reference preprocessing of one image into <paramref name="chw"/> (3×S×S): bytes / 255, bicubic
    /// resize to S (align_corners), optionally <c>(x+1)/2</c>, then (x − mean) / std.
    /// </summary>
    public void Preprocess(RgbImage image, Span<float> chw)
    {
        ArgumentNullException.ThrowIfNull(image);
        var s = options.Size;
        var hwc = ImageOps.ResizeBicubic(ImageOps.ToFloat(image, 1f / 255f), image.Width, image.Height, 3, s, s, alignCorners: true);
        if (options.UnitRangeShift)
        {
            for (var i = 0; i < hwc.Length; i++)
            {
                hwc[i] = (hwc[i] + 1f) / 2f;
            }
        }

        ImageOps.NormalizeToChw(hwc, s, s, options.Mean.ToArray(), options.Std.ToArray(), chw);
    }

    /// <summary>Encodes images (one batch when the batch axis is dynamic).</summary>
    public ClipImageTokens Encode(IReadOnlyList<RgbImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (!DynamicBatch && images.Count != 1)
        {
            var parts = images.Select(i => Encode([i])).ToList();
            return new ClipImageTokens(images.Count, parts[0].Tokens, parts[0].Width, parts.SelectMany(p => p.Values).ToArray());
        }

        var s = options.Size;
        var plane = 3 * s * s;
        var data = new float[images.Count * plane];
        for (var i = 0; i < images.Count; i++)
        {
            Preprocess(images[i], data.AsSpan(i * plane, plane));
        }

        using var input = OrtValue.CreateTensorValueFromMemory(data, [images.Count, 3, s, s]);
        using var results = session.Run(runOptions, [options.InputName], [input], outputs);
        Interlocked.Increment(ref runs);
        var shape = results[0].GetTensorTypeAndShape().Shape;
        return DropClassToken(results[0].GetTensorDataAsSpan<float>(), images.Count, (int)shape[1], (int)shape[2]);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        runOptions.Dispose();
        session.Dispose();
    }

    /// <summary>Drops token 0 when the token count is a square plus one (a class token before a square patch grid).</summary>
    internal static ClipImageTokens DropClassToken(ReadOnlySpan<float> values, int count, int tokens, int width)
    {
        var root = (int)Math.Round(Math.Sqrt(tokens - 1));
        var hasClass = tokens > 1 && root * root == tokens - 1;
        if (!hasClass)
        {
            return new ClipImageTokens(count, tokens, width, values.ToArray());
        }

        var kept = tokens - 1;
        var result = new float[count * kept * width];
        for (var i = 0; i < count; i++)
        {
            values.Slice((i * tokens * width) + width, kept * width).CopyTo(result.AsSpan(i * kept * width));
        }

        return new ClipImageTokens(count, kept, width, result);
    }
}
