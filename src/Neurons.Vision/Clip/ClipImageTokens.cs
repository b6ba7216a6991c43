namespace Neurons.Vision.Clip;

/// <summary>CLIP image tokens of a batch of images: <c>[count, tokens, width]</c>, class token dropped.</summary>
/// <param name="Count">Images.</param>
/// <param name="Tokens">Patch tokens per image (256 for ViT-bigG/14 at 224²).</param>
/// <param name="Width">Token width (1664 for bigG).</param>
/// <param name="Values">The values, image-major.</param>
public sealed record ClipImageTokens(int Count, int Tokens, int Width, float[] Values)
{
    /// <summary>Returns one image's tokens.</summary>
    public ReadOnlySpan<float> Image(int index) => Values.AsSpan(index * Tokens * Width, Tokens * Width);

    /// <summary>Returns the mean over tokens of one image (the input of the frozen 1664 → 1280 projection).</summary>
    public float[] MeanToken(int index)
    {
        var mean = new float[Width];
        var image = Image(index);
        for (var t = 0; t < Tokens; t++)
        {
            for (var w = 0; w < Width; w++)
            {
                mean[w] += image[(t * Width) + w];
            }
        }

        for (var w = 0; w < Width; w++)
        {
            mean[w] /= Tokens;
        }

        return mean;
    }
}
