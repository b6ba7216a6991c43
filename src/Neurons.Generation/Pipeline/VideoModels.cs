using Neurons.Generation.Models;
using Neurons.Vision.Clip;
using Neurons.Vision.Onnx;

namespace Neurons.Generation.Pipeline;

/// <summary>The loaded text-to-video graphs, checked one by one at load and against each other (text width, skip layout).</summary>
public sealed class VideoModels : IDisposable
{
    private readonly List<IDisposable> owned = [];

    private VideoModels()
    {
    }

    /// <summary>Gets the text encoder.</summary>
    public PromptEncoder Text { get; private set; } = null!;

    /// <summary>Gets the VAE encoder.</summary>
    public LatentEncoder VaeEncoder { get; private set; } = null!;

    /// <summary>Gets the VAE decoder.</summary>
    public LatentDecoder VaeDecoder { get; private set; } = null!;

    /// <summary>Gets the SparseCtrl encoder.</summary>
    public SparseCtrlEncoder SparseCtrl { get; private set; } = null!;

    /// <summary>Gets the UNet.</summary>
    public MotionUnet Unet { get; private set; } = null!;

    /// <summary>Gets the unCLIP UNet, when loaded.</summary>
    public UnclipUnet? UnclipUnet { get; private set; }

    /// <summary>Gets the unCLIP keyframe decoder, when loaded.</summary>
    public LatentDecoder? UnclipDecoder { get; private set; }

    /// <summary>Loads every graph <paramref name="keyframe"/> needs; a missing or mismatched file fails with one line naming it.</summary>
    public static VideoModels Load(VideoModelPaths paths, OnnxSessionOptions options, KeyframeMode keyframe, float scaling = 0.18215f, float unclipScaling = 0.13025f)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var models = new VideoModels();
        try
        {
            models.Unet = models.Own(MotionUnet.Load(paths.Unet, options));
            var tokenizer = ClipTokenizer.Load(paths.Vocab, paths.Merges);
            models.Text = models.Own(PromptEncoder.Load(paths.TextEncoder, tokenizer, options, models.Unet.Dims.TextWidth));
            if (models.Text.Width != models.Unet.Dims.TextWidth)
            {
                throw new OnnxModelException(
                    $"text_encoder model '{Path.GetFileName(paths.TextEncoder)}' gives width {models.Text.Width} but unet '{Path.GetFileName(paths.Unet)}' expects encoder_hidden_states of width {models.Unet.Dims.TextWidth}");
            }

            models.SparseCtrl = models.Own(SparseCtrlEncoder.Load(paths.SparseCtrl, options, models.Unet.Dims));
            models.VaeEncoder = models.Own(LatentEncoder.Load(paths.VaeEncoder, options, scaling));
            models.VaeDecoder = models.Own(LatentDecoder.Load(paths.VaeDecoder, options, scaling));
            if (keyframe == KeyframeMode.Unclip)
            {
                models.UnclipUnet = models.Own(UnclipUnet.Load(
                    paths.UnclipUnet ?? throw new OnnxModelException("keyframe mode unclip needs unclip_unet_model"), options));
                models.UnclipDecoder = models.Own(LatentDecoder.Load(
                    paths.UnclipVaeDecoder ?? throw new OnnxModelException("keyframe mode unclip needs unclip_vae_decoder_model"), options, unclipScaling, "unclip_vae_decoder"));
            }

            return models;
        }
        catch
        {
            models.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var item in owned)
        {
            item.Dispose();
        }

        owned.Clear();
    }

    private T Own<T>(T item)
        where T : IDisposable
    {
        owned.Add(item);
        return item;
    }
}
