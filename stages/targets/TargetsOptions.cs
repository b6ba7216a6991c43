namespace Neurons.Stages.Targets;

/// <summary>The parameters of the <c>targets</c> stage (snake_case keys in <c>stage.yaml</c>).</summary>
public sealed record TargetsOptions
{
    /// <summary>Gets the frames whose image tokens are stored.</summary>
    /// <value>All six.</value>
    public IReadOnlyList<string> Frames { get; init; } = ["0", "1", "2", "3", "4", "5"];

    /// <summary>Gets the CLIP image encoder file.</summary>
    /// <value><c>../../models/clip/vit_bigg14_visual_tokens.onnx</c>.</value>
    public string ClipImageModel { get; init; } = "../../models/clip/vit_bigg14_visual_tokens.onnx";

    /// <summary>Gets the image encoder's input name.</summary>
    /// <value><c>pixel_values</c>.</value>
    public string ClipImageInput { get; init; } = "pixel_values";

    /// <summary>Gets the image encoder's token output name.</summary>
    /// <value><c>image_tokens</c>.</value>
    public string ClipImageOutput { get; init; } = "image_tokens";

    /// <summary>Gets a value indicating whether sgm's (x+1)/2 is applied.</summary>
    /// <value>true.</value>
    public bool UnitRangeShift { get; init; } = true;

    /// <summary>Gets the CLIP text encoder file.</summary>
    /// <value><c>../../models/clip/vit_bigg14_textual.onnx</c>.</value>
    public string ClipTextModel { get; init; } = "../../models/clip/vit_bigg14_textual.onnx";

    /// <summary>Gets the text encoder's pooled output name.</summary>
    /// <value><c>text_embeds</c>.</value>
    public string ClipTextOutput { get; init; } = "text_embeds";

    /// <summary>Gets the CLIP vocabulary file.</summary>
    /// <value><c>../../models/clip/vocab.json</c>.</value>
    public string ClipVocab { get; init; } = "../../models/clip/vocab.json";

    /// <summary>Gets the CLIP merges file.</summary>
    /// <value><c>../../models/clip/merges.txt</c>.</value>
    public string ClipMerges { get; init; } = "../../models/clip/merges.txt";

    /// <summary>Gets the VAE encoder file.</summary>
    /// <value><c>../../models/vae/sd15_vae_encoder.onnx</c>.</value>
    public string VaeEncoder { get; init; } = "../../models/vae/sd15_vae_encoder.onnx";

    /// <summary>Gets the latent scaling factor.</summary>
    /// <value>0.18215.</value>
    public double VaeScaling { get; init; } = 0.18215;

    /// <summary>Gets the images per encoder run.</summary>
    /// <value>6.</value>
    public int BatchSize { get; init; } = 6;

    /// <summary>Gets a value indicating whether the disk check is skipped.</summary>
    /// <value>false.</value>
    public bool ForceDisk { get; init; }

    /// <summary>Gets the ONNX Runtime intra-op threads.</summary>
    /// <value>0.</value>
    public int OnnxThreads { get; init; }

    /// <summary>Gets the ONNX Runtime optimisation level.</summary>
    /// <value><c>all</c>.</value>
    public string OnnxOptimization { get; init; } = "all";

    /// <summary>Gets the execution provider.</summary>
    /// <value><c>cpu</c>.</value>
    public string ExecutionProvider { get; init; } = "cpu";

    /// <summary>Gets the CUDA device ordinal.</summary>
    /// <value>0.</value>
    public int DeviceId { get; init; }
}
