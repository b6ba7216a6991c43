namespace Neurons.Vision.Targets;

/// <summary>One clip's training targets as float32 arrays (<see cref="TargetEncoders.Encode"/>).</summary>
/// <param name="Tokens">CLIP image tokens per frame.</param>
/// <param name="Width">Width of one image token.</param>
/// <param name="ImageTokens">The image tokens of the chosen frames, [frames, tokens, width] row-major.</param>
/// <param name="ImageMean">The mean image token over every chosen frame and token, [width].</param>
/// <param name="CaptionText">The caption's pooled CLIP text embedding.</param>
/// <param name="KeyObjectText">The key object's pooled CLIP text embedding, or null when the clip has none.</param>
/// <param name="LatentChannels">VAE latent channels.</param>
/// <param name="LatentHeight">VAE latent height.</param>
/// <param name="LatentWidth">VAE latent width.</param>
/// <param name="Latents">The VAE posterior means of every frame, [frames, channels, height, width] row-major.</param>
public sealed record ClipTargets(
    int Tokens,
    int Width,
    float[] ImageTokens,
    float[] ImageMean,
    float[] CaptionText,
    float[]? KeyObjectText,
    int LatentChannels,
    int LatentHeight,
    int LatentWidth,
    float[] Latents);
