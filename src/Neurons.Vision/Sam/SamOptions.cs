namespace Neurons.Vision.Sam;

/// <summary>SAM pre- and post-processing settings.</summary>
public sealed record SamOptions
{
    /// <summary>Gets the encoder's input name (samexporter: <c>input_image</c>). Rank 4 (1×3×1024×1024) means the caller normalises and pads; rank 3 (H×W×3) means the graph does (<c>--use-preprocess</c>).</summary>
    /// <value>Default <c>input_image</c>.</value>
    public string EncoderInput { get; init; } = "input_image";

    /// <summary>Gets the encoder's output name.</summary>
    /// <value>Default <c>image_embeddings</c>.</value>
    public string EncoderOutput { get; init; } = "image_embeddings";

    /// <summary>Gets the long side of the encoder's input frame.</summary>
    /// <value>Default 1024.</value>
    public int LongSide { get; init; } = 1024;

    /// <summary>Gets the logit threshold that binarises masks.</summary>
    /// <value>Default 0.0 (SAM's <c>mask_threshold</c>).</value>
    public float MaskThreshold { get; init; }
}
