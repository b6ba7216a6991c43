namespace Neurons.Generation.Pipeline;

/// <summary>Where the text-to-video graphs are (each <c>.onnx</c> may have external-data files beside it).</summary>
public sealed record VideoModelPaths
{
    /// <summary>Gets the CLIP ViT-L/14 text encoder.</summary>
    public required string TextEncoder { get; init; }

    /// <summary>Gets the CLIP BPE vocabulary (<c>vocab.json</c>).</summary>
    public required string Vocab { get; init; }

    /// <summary>Gets the CLIP BPE merges (<c>merges.txt</c>).</summary>
    public required string Merges { get; init; }

    /// <summary>Gets the SD VAE encoder.</summary>
    public required string VaeEncoder { get; init; }

    /// <summary>Gets the SD VAE decoder.</summary>
    public required string VaeDecoder { get; init; }

    /// <summary>Gets the SparseCtrl RGB encoder.</summary>
    public required string SparseCtrl { get; init; }

    /// <summary>Gets the UNet3D with motion modules.</summary>
    public required string Unet { get; init; }

    /// <summary>Gets the unCLIP keyframe UNet (only for <see cref="KeyframeMode.Unclip"/>).</summary>
    public string? UnclipUnet { get; init; }

    /// <summary>Gets the unCLIP keyframe's VAE decoder (only for <see cref="KeyframeMode.Unclip"/>).</summary>
    public string? UnclipVaeDecoder { get; init; }
}
