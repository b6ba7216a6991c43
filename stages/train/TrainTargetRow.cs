using System.Text.Json.Serialization;

namespace Neurons.Stages.Train;

/// <summary>
/// The columns of a <c>targets</c> row the train stage reads. Image tokens and caption embedding are raw
/// little-endian float16 bytes: tokens frame-major [frames, tokens, width], text [text width]; the shapes are in the
/// shard sidecar (<see cref="TargetShape"/>).
/// </summary>
internal sealed class TrainTargetRow
{
    [JsonPropertyName("clip_id")]
    public string ClipId { get; set; } = string.Empty;

    [JsonPropertyName("clip_image_tokens")]
    public byte[] ClipImageTokens { get; set; } = [];

    [JsonPropertyName("clip_text")]
    public byte[] ClipText { get; set; } = [];
}
