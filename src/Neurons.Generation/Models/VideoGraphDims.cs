namespace Neurons.Generation.Models;

/// <summary>The widths the video graphs are exported at: the real ones by default, tiny ones in the fixtures.</summary>
public sealed record VideoGraphDims
{
    /// <summary>Gets the CLIP text width (768 for CLIP ViT-L/14).</summary>
    public int TextWidth { get; init; } = 768;

    /// <summary>Gets the CLIP context length (77).</summary>
    public int TextTokens { get; init; } = 77;

    /// <summary>Gets the UNet skip layout (SD-1.5: c = 320).</summary>
    public UnetLayout Layout { get; init; } = UnetLayout.StableDiffusion15;

    /// <summary>Gets the unCLIP UNet's context tokens (256 image tokens).</summary>
    public int UnclipTokens { get; init; } = 256;

    /// <summary>Gets the unCLIP UNet's context width (1664, OpenCLIP ViT-bigG/14 tokens).</summary>
    public int UnclipWidth { get; init; } = 1664;

    /// <summary>Gets the unCLIP UNet's vector condition width (1024: size and crop embeddings).</summary>
    public int UnclipVector { get; init; } = 1024;

    /// <summary>Gets the real export's widths.</summary>
    public static VideoGraphDims Real { get; } = new();
}
