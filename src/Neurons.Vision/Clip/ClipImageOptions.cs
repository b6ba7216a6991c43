namespace Neurons.Vision.Clip;

/// <summary>CLIP image encoder binding and preprocessing (sgm <c>FrozenOpenCLIPImageEmbedder</c> by default).</summary>
public sealed record ClipImageOptions
{
    /// <summary>Gets the pixel input name.</summary>
    /// <value>Default <c>pixel_values</c>.</value>
    public string InputName { get; init; } = "pixel_values";

    /// <summary>Gets the token output name: the visual transformer tokens after <c>ln_post</c> (B × (1+P) × W or B × P × W).</summary>
    /// <value>Default <c>image_tokens</c>.</value>
    public string TokensOutput { get; init; } = "image_tokens";

    /// <summary>Gets the input side (bicubic resize, align_corners, no crop).</summary>
    /// <value>Default 224.</value>
    public int Size { get; init; } = 224;

    /// <summary>
    /// Gets a value indicating whether to apply sgm's <c>(x + 1) / 2</c> to the [0, 1] frames before the mean/std
    /// normalisation (the reference does, so its inputs lie in [0.5, 1]; docs/models.md).
    /// </summary>
    /// <value>Default true (the reference value).</value>
    public bool UnitRangeShift { get; init; } = true;

    /// <summary>Gets the per-channel mean (OpenAI CLIP).</summary>
    public IReadOnlyList<float> Mean { get; init; } = [0.48145466f, 0.4578275f, 0.40821073f];

    /// <summary>Gets the per-channel standard deviation (OpenAI CLIP).</summary>
    public IReadOnlyList<float> Std { get; init; } = [0.26862954f, 0.26130258f, 0.27577711f];
}
