using System.Text.Json.Serialization;

namespace Neurons.Data.Tables;

/// <summary>
/// One row of the <c>targets</c> table: a clip's training targets as flat float lists in row-major order (float16
/// precision stored as float32, see <see cref="TargetFloat16"/>; shapes in the file's <see cref="TableMetadata"/>): CLIP image tokens of the stored frames, CLIP text of the caption and of
/// the key object, the mean image token (float32, input of the 1664 → 1280 projection fit) and VAE latents.
/// </summary>
public sealed class TargetRow
{
    /// <summary>Gets or sets the clip id.</summary>
    [JsonPropertyName("clip_id")]
    public string ClipId { get; set; } = string.Empty;

    /// <summary>Gets or sets the split (<c>train</c> / <c>test</c>).</summary>
    [JsonPropertyName("split")]
    public string Split { get; set; } = string.Empty;

    /// <summary>Gets or sets the clip's position in its split.</summary>
    [JsonPropertyName("split_index")]
    public int SplitIndex { get; set; }

    /// <summary>Gets or sets the frames whose image tokens are stored, in storage order.</summary>
    [JsonPropertyName("frames")]
    public List<int> Frames { get; set; } = [];

    /// <summary>Gets or sets the image tokens per frame (256 for bigG).</summary>
    [JsonPropertyName("image_tokens")]
    public int ImageTokens { get; set; }

    /// <summary>Gets or sets the token width (1664 for bigG).</summary>
    [JsonPropertyName("image_width")]
    public int ImageWidth { get; set; }

    /// <summary>Gets or sets the image tokens, float16 [frames, image_tokens, image_width].</summary>
    [JsonPropertyName("clip_image_tokens")]
    public List<float> ClipImageTokens { get; set; } = [];

    /// <summary>Gets or sets the mean over tokens and stored frames, float32 [image_width].</summary>
    [JsonPropertyName("clip_image_mean")]
    public List<float> ClipImageMean { get; set; } = [];

    /// <summary>Gets or sets the caption the text target was computed from.</summary>
    [JsonPropertyName("caption")]
    public string Caption { get; set; } = string.Empty;

    /// <summary>Gets or sets the text embedding width (1280 for bigG).</summary>
    [JsonPropertyName("text_width")]
    public int TextWidth { get; set; }

    /// <summary>Gets or sets the pooled CLIP text embedding of the caption, float16 [text_width].</summary>
    [JsonPropertyName("clip_text")]
    public List<float> ClipText { get; set; } = [];

    /// <summary>Gets or sets the key object name (empty when the clip has none).</summary>
    [JsonPropertyName("key_object")]
    public string KeyObject { get; set; } = string.Empty;

    /// <summary>Gets or sets the pooled CLIP text embedding of the key object, float16 [text_width]; empty when there is no key object.</summary>
    [JsonPropertyName("key_object_text")]
    public List<float> KeyObjectText { get; set; } = [];

    /// <summary>Gets or sets the latent channels (4).</summary>
    [JsonPropertyName("latent_channels")]
    public int LatentChannels { get; set; }

    /// <summary>Gets or sets the latent height (28 for 224² frames).</summary>
    [JsonPropertyName("latent_height")]
    public int LatentHeight { get; set; }

    /// <summary>Gets or sets the latent width (28).</summary>
    [JsonPropertyName("latent_width")]
    public int LatentWidth { get; set; }

    /// <summary>Gets or sets the VAE posterior means × scaling factor of all six frames, float16 [6, channels, height, width].</summary>
    [JsonPropertyName("vae_latents")]
    public List<float> VaeLatents { get; set; } = [];

    /// <summary>Returns the file metadata describing the tensor columns' shapes.</summary>
    /// <param name="frames">Stored frames.</param>
    /// <param name="imageTokens">Tokens per frame.</param>
    /// <param name="imageWidth">Token width.</param>
    /// <param name="textWidth">Text embedding width.</param>
    /// <param name="latentShape">Latent channels, height, width.</param>
    public static IReadOnlyDictionary<string, string> Metadata(int frames, int imageTokens, int imageWidth, int textWidth, (int Channels, int Height, int Width) latentShape) =>
        new TableMetadata("targets")
            .Tensor("clip_image_tokens", "float16", [frames, imageTokens, imageWidth], "frame", "token", "channel")
            .Tensor("clip_image_mean", "float32", [imageWidth], "channel")
            .Tensor("clip_text", "float16", [textWidth], "channel")
            .Tensor("key_object_text", "float16", [textWidth], "channel")
            .Tensor("vae_latents", "float16", [ClipRow.FrameCount, latentShape.Channels, latentShape.Height, latentShape.Width], "frame", "channel", "row", "column")
            .ToKeyValues();
}
