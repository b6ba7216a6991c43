using System.Text.Json.Serialization;

namespace Neurons.Model.Datasets;

/// <summary>
/// The columns of a <c>targets</c> row (<see cref="Neurons.Data.Tables.TargetRow"/>) that stage-2 training reads:
/// image tokens of all frames, caption and its embedding, the key-object name's embedding and the VAE latents.
/// </summary>
internal sealed class DecouplerTargetRow
{
    [JsonPropertyName("clip_id")]
    public string ClipId { get; set; } = string.Empty;

    [JsonPropertyName("frames")]
    public List<int> Frames { get; set; } = [];

    [JsonPropertyName("image_tokens")]
    public int ImageTokens { get; set; }

    [JsonPropertyName("image_width")]
    public int ImageWidth { get; set; }

    [JsonPropertyName("clip_image_tokens")]
    public List<float> ClipImageTokens { get; set; } = [];

    [JsonPropertyName("caption")]
    public string Caption { get; set; } = string.Empty;

    [JsonPropertyName("text_width")]
    public int TextWidth { get; set; }

    [JsonPropertyName("clip_text")]
    public List<float> ClipText { get; set; } = [];

    [JsonPropertyName("key_object_text")]
    public List<float> KeyObjectText { get; set; } = [];

    [JsonPropertyName("latent_channels")]
    public int LatentChannels { get; set; }

    [JsonPropertyName("latent_height")]
    public int LatentHeight { get; set; }

    [JsonPropertyName("latent_width")]
    public int LatentWidth { get; set; }

    [JsonPropertyName("vae_latents")]
    public List<float> VaeLatents { get; set; } = [];
}
