namespace Neurons.Vision.Sam;

/// <summary>The SAM image embedding of one frame (encoder output), reused for every object on that frame.</summary>
public sealed class SamEmbedding
{
    internal SamEmbedding(float[] data, long[] shape, int width, int height, float scale)
    {
        Data = data;
        Shape = shape;
        Width = width;
        Height = height;
        Scale = scale;
    }

    /// <summary>Gets the embedding values (1×256×64×64 for SAM).</summary>
    public float[] Data { get; }

    /// <summary>Gets the embedding shape.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>Gets the original image width.</summary>
    public int Width { get; }

    /// <summary>Gets the original image height.</summary>
    public int Height { get; }

    /// <summary>Gets the factor from original pixels to the encoder's 1024 long-side frame.</summary>
    public float Scale { get; }
}
