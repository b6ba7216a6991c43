namespace Neurons.Generation.Pipeline;

/// <summary>A generated clip: the six kept frames (16-frame indices 4, 6, …, 14) and the keyframe that conditioned frame 0.</summary>
/// <param name="Key">The clip's identity.</param>
/// <param name="Prompt">The prompt the text encoder saw (caption + suffix).</param>
/// <param name="Frames">Six RGB frames, frame-major then row, column, channel.</param>
/// <param name="Size">The frame side.</param>
/// <param name="Keyframe">The keyframe image (RGB bytes, <paramref name="Size"/>²).</param>
/// <param name="FinalLatents">The denoised latents [4,16,h,w] (for tests and diagnostics).</param>
public sealed record GeneratedClip(string Key, string Prompt, byte[] Frames, int Size, byte[] Keyframe, float[] FinalLatents);
