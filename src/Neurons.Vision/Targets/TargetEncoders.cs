using Neurons.Vision.Clip;
using Neurons.Vision.Imaging;
using Neurons.Vision.Onnx;
using Neurons.Vision.Vae;

namespace Neurons.Vision.Targets;

/// <summary>
/// The three encoders of one target configuration (CLIP image tokens, pooled CLIP text, VAE posterior mean), loaded
/// together, and the encoding of one clip's training targets with them.
/// </summary>
public sealed class TargetEncoders : IDisposable
{
    private TargetEncoders(ClipImageEncoder image, ClipTextEncoder text, VaeEncoder vae)
    {
        Image = image;
        Text = text;
        Vae = vae;
    }

    /// <summary>Gets the CLIP image encoder.</summary>
    public ClipImageEncoder Image { get; }

    /// <summary>Gets the CLIP text encoder.</summary>
    public ClipTextEncoder Text { get; }

    /// <summary>Gets the VAE encoder.</summary>
    public VaeEncoder Vae { get; }

    /// <summary>Loads the encoders; a missing tokenizer file is reported as an <see cref="OnnxModelException"/> like a missing model.</summary>
    /// <exception cref="OnnxModelException">A file is missing or a graph does not have the expected inputs and outputs.</exception>
    public static TargetEncoders Load(TargetEncoderFiles files, OnnxSessionOptions session)
    {
        ArgumentNullException.ThrowIfNull(files);
        ClipTokenizer tokenizer;
        try
        {
            tokenizer = ClipTokenizer.Load(files.ClipVocab, files.ClipMerges);
        }
        catch (FileNotFoundException ex)
        {
            throw new OnnxModelException(ex.Message, ex);
        }

        var image = ClipImageEncoder.Load(files.ClipImageModel, files.ClipImage, session);
        ClipTextEncoder? text = null;
        try
        {
            text = ClipTextEncoder.Load(files.ClipTextModel, tokenizer, session, outputName: files.ClipTextOutput);
            return new TargetEncoders(image, text, VaeEncoder.Load(files.VaeEncoder, session, files.VaeScaling));
        }
        catch
        {
            image.Dispose();
            text?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Encodes one clip: the CLIP image tokens of the chosen frames and their mean token, the VAE latents of every
    /// frame (both in batches of <paramref name="batchSize"/> images), the pooled text of the caption and, when there
    /// is one, of the key object (encoded in the same batch as the caption).
    /// </summary>
    /// <param name="images">Every frame of the clip.</param>
    /// <param name="frames">The frames whose image tokens are kept, in order.</param>
    /// <param name="batchSize">Images per encoder run.</param>
    /// <param name="caption">The caption (may be empty).</param>
    /// <param name="keyObject">The key object's name (empty = none).</param>
    public ClipTargets Encode(IReadOnlyList<RgbImage> images, IReadOnlyList<int> frames, int batchSize, string caption, string keyObject)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(keyObject);
        var tokenValues = new List<float>();
        int tokens = 0, width = 0;
        var chosen = frames.Select(f => images[f]).ToList();
        foreach (var batch in chosen.Chunk(batchSize))
        {
            var encoded = Image.Encode(batch);
            (tokens, width) = (encoded.Tokens, encoded.Width);
            tokenValues.AddRange(encoded.Values);
        }

        var all = tokenValues.ToArray();
        var mean = new float[width];
        for (var t = 0; t < all.Length / Math.Max(1, width); t++)
        {
            for (var w = 0; w < width; w++)
            {
                mean[w] += all[(t * width) + w] / (all.Length / width);
            }
        }

        var latents = new List<float>();
        int channels = 0, lh = 0, lw = 0;
        foreach (var batch in images.Chunk(batchSize))
        {
            var (values, c, h, w) = Vae.Encode(batch);
            (channels, lh, lw) = (c, h, w);
            latents.AddRange(values);
        }

        var texts = keyObject.Length > 0 ? Text.Encode([caption, keyObject]) : Text.Encode([caption]);
        return new ClipTargets(tokens, width, all, mean, texts[0], keyObject.Length > 0 ? texts[1] : null, channels, lh, lw, [.. latents]);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Image.Dispose();
        Text.Dispose();
        Vae.Dispose();
    }
}
