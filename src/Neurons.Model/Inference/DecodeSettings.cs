namespace Neurons.Model.Inference;

/// <summary>How <see cref="DecoupledDecoder"/> turns the model's outputs into decoded clips.</summary>
public sealed record DecodeSettings
{
    /// <summary>Gets the side of the latents fed to the VAE decoder. <value>28 (224² frames); at least 1.</value></summary>
    public int LatentSide { get; init; } = 28;

    /// <summary>Gets the most caption tokens (greedy). <value>60, as <c>recon_keyframe_neurons_enhance.py</c>.</value></summary>
    public int MaxCaptionTokens { get; init; } = 60;

    /// <summary>
    /// Gets a value indicating whether each clip is decoded on its own (a batch of one): brain, prior, motion projection,
    /// classifier, decoder and captioner. The 100 DDPM steps amplify float rounding: batched matrix products round
    /// differently for different batch sizes, and on the tiny model with random weights a clip's tokens then drift
    /// by up to 0.5 % from a lone run; the one-pass parts after the prior differ in the last bits. Decoding per clip
    /// makes a clip's outputs bit-identical in any batch; batching is faster on a GPU. With the decoder's
    /// <c>Reference</c> attention (across the batch) the parts after the prior stay batched, as that attention needs.
    /// </summary>
    /// <value>true.</value>
    public bool PerClip { get; init; } = true;

    /// <summary>Gets the id that ends a caption (the caption tokenizer's stop id).</summary>
    /// <value>Required.</value>
    public required long StopId { get; init; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (LatentSide < 1)
        {
            throw new ArgumentException($"decode latent side {LatentSide} must be at least 1");
        }

        if (MaxCaptionTokens < 1)
        {
            throw new ArgumentException($"decode max caption tokens {MaxCaptionTokens} must be at least 1");
        }
    }
}
