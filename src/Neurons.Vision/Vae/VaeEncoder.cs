using Microsoft.ML.OnnxRuntime;
using Neurons.Vision.Imaging;
using Neurons.Vision.Onnx;

namespace Neurons.Vision.Vae;

/// <summary>
/// The SD-1.5 VAE encoder giving the posterior mean (mode) × scaling factor, as NEURONS
/// (<c>vae.encode(2x − 1).latent_dist.mode() * 0.18215</c>). Accepts exports whose output is the mean
/// (<c>latent_mean</c>, 4 channels) or optimum's <c>latent_parameters</c> (mean ‖ logvar, 8 channels, the
/// first 4 are taken); refuses <c>latent_sample</c>-only exports, whose output is a random sample.
/// </summary>
public sealed class VaeEncoder : IDisposable
{
    /// <summary>The SD 1.x/2.x latent scaling factor.</summary>
    public const float Sd15ScalingFactor = 0.18215f;

    private static readonly string[] MeanOutputs = ["latent_mean", "latent_dist_mean", "latent_parameters"];

    private readonly InferenceSession session;
    private readonly string inputName;
    private readonly string[] outputs;
    private readonly float scaling;
    private readonly RunOptions runOptions = new();
    private readonly TensorBufferPool inputs = new();

    private VaeEncoder(InferenceSession session, string inputName, string outputName, float scaling, bool dynamicBatch)
    {
        this.session = session;
        this.inputName = inputName;
        outputs = [outputName];
        this.scaling = scaling;
        DynamicBatch = dynamicBatch;
    }

    /// <summary>Gets the output the mean is read from.</summary>
    public string OutputName => outputs[0];

    /// <summary>Gets a value indicating whether the batch axis is dynamic.</summary>
    public bool DynamicBatch { get; }

    /// <summary>Loads and checks the model.</summary>
    public static VaeEncoder Load(string path, OnnxSessionOptions sessionOptions, float scalingFactor = Sd15ScalingFactor, string inputName = "sample")
    {
        var session = OnnxSessionFactory.Create(path, sessionOptions, "vae-encoder");
        try
        {
            var output = MeanOutputs.FirstOrDefault(session.OutputMetadata.ContainsKey);
            if (output is null)
            {
                var why = session.OutputMetadata.ContainsKey("latent_sample")
                    ? "its only latent output is 'latent_sample', a random sample (diffusers/Olive export); export the posterior mean (HF optimum's latent_parameters, or latent_dist.mean as latent_mean)"
                    : $"it has none of the outputs {string.Join(", ", MeanOutputs)} (it has {string.Join(", ", session.OutputMetadata.Keys)})";
                throw new OnnxModelException($"vae-encoder model '{Path.GetFileName(path)}': {why}");
            }

            OnnxSignature.Verify(session, "vae-encoder", path, [new TensorSpec(inputName, typeof(float), [-1, 3, -1, -1])], [new TensorSpec(output, typeof(float), [-1, -1, -1, -1])]);
            return new VaeEncoder(session, inputName, output, scalingFactor, session.InputMetadata[inputName].Dimensions[0] < 0);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Encodes images: input <c>2x − 1</c> of the [0, 1] pixels, output the first 4 channels × scaling, [B, 4, H/8, W/8].</summary>
    public (float[] Values, int Channels, int Height, int Width) Encode(IReadOnlyList<RgbImage> images)
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
    /// Encodes batches in order (one result per batch, as <see cref="Encode"/>), converting batch i + 1's pixels on
    /// another thread while batch i runs; input tensors are pooled, so a long run allocates none per batch.
    /// </summary>
    public IEnumerable<(float[] Values, int Channels, int Height, int Width)> EncodeMany(IEnumerable<IReadOnlyList<RgbImage>> batches, CancellationToken cancellationToken = default) =>
        Pipelined.Run(batches, Prepare, Run, Release, cancellationToken);

    /// <inheritdoc/>
    public void Dispose()
    {
        runOptions.Dispose();
        session.Dispose();
        inputs.Dispose();
    }

    /// <summary>Writes <c>2 · byte / 255 − 1</c> channels first, for one image, into <paramref name="chw"/>.</summary>
    private static void Fill(RgbImage image, Span<float> chw)
    {
        var px = image.Pixels.Span;
        var plane = image.Width * image.Height;
        var r = chw[..plane];
        var g = chw.Slice(plane, plane);
        var b = chw.Slice(2 * plane, plane);
        for (var p = 0; p < plane; p++)
        {
            r[p] = (2f * px[3 * p] / 255f) - 1f;
            g[p] = (2f * px[(3 * p) + 1] / 255f) - 1f;
            b[p] = (2f * px[(3 * p) + 2] / 255f) - 1f;
        }
    }

    /// <summary>Converts a batch into pooled tensors: one [n,3,H,W] tensor, or one per image when the batch axis is fixed.</summary>
    private List<TensorBuffer> Prepare(IReadOnlyList<RgbImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        int h = images[0].Height, w = images[0].Width, plane = 3 * h * w;
        var groups = DynamicBatch ? [images] : images.Select(i => (IReadOnlyList<RgbImage>)[i]).ToList();
        var prepared = new List<TensorBuffer>(groups.Count);
        try
        {
            foreach (var group in groups)
            {
                var buffer = inputs.Rent([group.Count, 3, h, w]);
                prepared.Add(buffer);
                for (var i = 0; i < group.Count; i++)
                {
                    if (group[i].Width != w || group[i].Height != h)
                    {
                        throw new ArgumentException($"vae-encoder batch mixes frame sizes: image {i} is {group[i].Width}x{group[i].Height}, the first {w}x{h}", nameof(images));
                    }

                    Fill(group[i], buffer.Data.AsSpan(i * plane, plane));
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

    private (float[] Values, int Channels, int Height, int Width) Run(IReadOnlyList<RgbImage> images, List<TensorBuffer> prepared)
    {
        var parts = new List<(float[] Values, int Channels, int Height, int Width)>(prepared.Count);
        foreach (var buffer in prepared)
        {
            using var results = session.Run(runOptions, [inputName], [buffer.Value], outputs);
            var shape = results[0].GetTensorTypeAndShape().Shape;
            int channels = (int)shape[1], lh = (int)shape[2], lw = (int)shape[3];
            var keep = channels == 8 ? 4 : channels;
            var count = (int)buffer.Shape[0];
            var values = results[0].GetTensorDataAsSpan<float>();
            var result = new float[count * keep * lh * lw];
            for (var i = 0; i < count; i++)
            {
                var src = values.Slice(i * channels * lh * lw, keep * lh * lw);
                var dst = result.AsSpan(i * keep * lh * lw, keep * lh * lw);
                for (var k = 0; k < dst.Length; k++)
                {
                    dst[k] = src[k] * scaling;
                }
            }

            parts.Add((result, keep, lh, lw));
        }

        return parts.Count == 1
            ? parts[0]
            : (parts.SelectMany(p => p.Values).ToArray(), parts[0].Channels, parts[0].Height, parts[0].Width);
    }
}
