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
    private readonly TensorBufferPool inputs = new();
    private readonly ResizePlanCache plans = new();
    private readonly PixelTransform[] transforms;
    private long runs;

    private ClipImageEncoder(InferenceSession session, ClipImageOptions options, bool dynamicBatch)
    {
        this.session = session;
        this.options = options;
        DynamicBatch = dynamicBatch;
        outputs = [options.TokensOutput];
        transforms = [.. Enumerable.Range(0, 3).Select(c => new PixelTransform(options.UnitRangeShift, true, options.Mean[c], options.Std[c]))];
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
        ImageOps.ResizeToChw(image, 1f / 255f, plans.Bicubic(image.Width, image.Height, s, s, 1, alignCorners: true), transforms, chw, s, s);
    }

    /// <summary>Encodes images (one batch when the batch axis is dynamic).</summary>
    public ClipImageTokens Encode(IReadOnlyList<RgbImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var prepared = Prepare(images);
        try
        {
            return Run(images, prepared);
        }
        finally
        {
            Release(prepared);
        }
    }

    /// <summary>
    /// Encodes batches in order (one result per batch, as <see cref="Encode"/>), preprocessing batch i + 1 on another
    /// thread while batch i runs; input tensors are pooled, so a long run allocates none per batch.
    /// </summary>
    public IEnumerable<ClipImageTokens> EncodeMany(IEnumerable<IReadOnlyList<RgbImage>> batches, CancellationToken cancellationToken = default) =>
        Pipelined.Run(batches, Prepare, Run, Release, cancellationToken);

    /// <inheritdoc/>
    public void Dispose()
    {
        runOptions.Dispose();
        session.Dispose();
        inputs.Dispose();
    }

    /// <summary>Preprocesses a batch into pooled tensors: one [n,3,S,S] tensor, or one per image when the batch axis is fixed.</summary>
    private List<TensorBuffer> Prepare(IReadOnlyList<RgbImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var s = options.Size;
        var plane = 3 * s * s;
        var groups = DynamicBatch ? [images] : images.Select(i => (IReadOnlyList<RgbImage>)[i]).ToList();
        var prepared = new List<TensorBuffer>(groups.Count);
        try
        {
            foreach (var group in groups)
            {
                var buffer = inputs.Rent([group.Count, 3, s, s]);
                prepared.Add(buffer);
                for (var i = 0; i < group.Count; i++)
                {
                    Preprocess(group[i], buffer.Data.AsSpan(i * plane, plane));
                }
            }

            return prepared;
        }
        catch
        {
            Release(prepared);
            throw;
        }
    }

    private void Release(List<TensorBuffer> prepared)
    {
        foreach (var buffer in prepared)
        {
            inputs.Return(buffer);
        }
    }

    private ClipImageTokens Run(IReadOnlyList<RgbImage> images, List<TensorBuffer> prepared)
    {
        var parts = new List<ClipImageTokens>(prepared.Count);
        foreach (var buffer in prepared)
        {
            using var results = session.Run(runOptions, [options.InputName], [buffer.Value], outputs);
            Interlocked.Increment(ref runs);
            var shape = results[0].GetTensorTypeAndShape().Shape;
            parts.Add(DropClassToken(results[0].GetTensorDataAsSpan<float>(), (int)buffer.Shape[0], (int)shape[1], (int)shape[2]));
        }

        return parts.Count == 1
            ? parts[0]
            : new ClipImageTokens(images.Count, parts[0].Tokens, parts[0].Width, parts.SelectMany(p => p.Values).ToArray());
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
