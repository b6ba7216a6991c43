using System.Text.Json.Serialization;

namespace Neurons.Model.Datasets;

/// <summary>
/// The columns of a <c>targets</c> row (<see cref="Neurons.Data.Tables.TargetRow"/>) that stage-1 training reads;
/// reading only these keeps the VAE latents and concept columns out of memory.
/// </summary>
internal sealed class TrainTargetRow
{
    [JsonPropertyName("clip_id")]
    public string ClipId { get; set; } = string.Empty;

    [JsonPropertyName("frames")]
    public List<int> Frames { get; set; } = [];

    [JsonPropertyName("image_tokens")]
    public int ImageTokens { get; set; }

    [JsonPropertyName("image_width")]
    public int ImageWidth { get; set; }

    [JsonPropertyName("text_width")]
    public int TextWidth { get; set; }

    /// <summary>Gets or sets the image tokens [frames, image_tokens, image_width] at float16 precision.</summary>
    [JsonPropertyName("clip_image_tokens")]
    public List<float> ClipImageTokens { get; set; } = [];

    /// <summary>Gets or sets the caption embedding [text_width] at float16 precision.</summary>
    [JsonPropertyName("clip_text")]
    public List<float> ClipText { get; set; } = [];
}
