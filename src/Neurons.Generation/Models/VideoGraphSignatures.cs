using Neurons.Vision.Onnx;

namespace Neurons.Generation.Models;

/// <summary>
/// The signature table of the text-to-video graphs (names, ranks, dtypes, fixed sizes): what the wrappers
/// check at load and what <c>tools/export/export_animatediff_onnx.py</c> must produce
/// (<c>tools/export/signatures.json</c> is checked against <see cref="All"/> by a test).
/// </summary>
public static class VideoGraphSignatures
{
    /// <summary>CLIP ViT-L/14 text encoder: <c>input_ids</c> int64 [B,77] → <c>last_hidden_state</c> [B,77,768] (after the final LayerNorm).</summary>
    public static GraphSignature TextEncoder(VideoGraphDims dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        return new("text_encoder", [Spec<long>("input_ids", -1, dims.TextTokens)], [Spec<float>("last_hidden_state", -1, dims.TextTokens, dims.TextWidth)]);
    }

    /// <summary>SD VAE encoder (HF optimum layout): <c>sample</c> [N,3,H,W] in [−1,1] → <c>latent_parameters</c> [N,8,H/8,W/8] (mean ‖ log-variance).</summary>
    public static GraphSignature VaeEncoder() =>
        new("vae_encoder", [Spec<float>("sample", -1, 3, -1, -1)], [Spec<float>("latent_parameters", -1, 8, -1, -1)]);

    /// <summary>SD VAE decoder: <c>latent_sample</c> [N,4,h,w] (= z / scaling) → <c>sample</c> [N,3,8h,8w] in [−1,1].</summary>
    public static GraphSignature VaeDecoder(string graph = "vae_decoder") =>
        new(graph, [Spec<float>("latent_sample", -1, 4, -1, -1)], [Spec<float>("sample", -1, 3, -1, -1)]);

    /// <summary>
    /// SparseCtrl RGB encoder (noisy-sample input dropped, as <c>set_noisy_sample_input_to_zero</c> makes it
    /// constant): <c>timestep</c> int64 [1], <c>encoder_hidden_states</c> [B,77,768], <c>controlnet_cond</c>
    /// [B,4,F,h,w] (zeros but the keyframe latents), <c>conditioning_mask</c> [B,1,F,h,w] → <c>down_res_0..11</c>
    /// and <c>mid_res</c> in the 3-D layout [B,C,F,h',w'] (conditioning scale applied inside).
    /// </summary>
    public static GraphSignature SparseCtrl(VideoGraphDims dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        return new(
            "sparsectrl",
            [
                Spec<long>("timestep", 1),
                Spec<float>("encoder_hidden_states", -1, dims.TextTokens, dims.TextWidth),
                Spec<float>("controlnet_cond", -1, 4, -1, -1, -1),
                Spec<float>("conditioning_mask", -1, 1, -1, -1, -1),
            ],
            Residuals(dims.Layout));
    }

    /// <summary>
    /// UNet3D with the v3 motion modules (adapter LoRA merged): <c>sample</c> [B,4,F,h,w], <c>timestep</c> int64 [1],
    /// <c>encoder_hidden_states</c> [B,77,768], the 13 residuals → <c>noise_pred</c> [B,4,F,h,w].
    /// </summary>
    public static GraphSignature Unet(VideoGraphDims dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        return new(
            "unet",
            [
                Spec<float>("sample", -1, 4, -1, -1, -1),
                Spec<long>("timestep", 1),
                Spec<float>("encoder_hidden_states", -1, dims.TextTokens, dims.TextWidth),
                .. Residuals(dims.Layout),
            ],
            [Spec<float>("noise_pred", -1, 4, -1, -1, -1)]);
    }

    /// <summary>
    /// The unCLIP keyframe UNet (MindEye2 <c>unclip6</c>, SDXL layout): <c>x</c> [B,4,96,96] (already × c_in),
    /// <c>timesteps</c> int64 [B] (discrete index), <c>context</c> [B,256,1664], <c>y</c> [B,1024] → <c>eps</c> [B,4,96,96].
    /// </summary>
    public static GraphSignature UnclipUnet(VideoGraphDims dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        return new(
            "unclip_unet",
            [
                Spec<float>("x", -1, 4, -1, -1),
                Spec<long>("timesteps", -1),
                Spec<float>("context", -1, dims.UnclipTokens, dims.UnclipWidth),
                Spec<float>("y", -1, dims.UnclipVector),
            ],
            [Spec<float>("eps", -1, 4, -1, -1)]);
    }

    /// <summary>Every graph of the real export, in the order the export script writes them.</summary>
    public static IReadOnlyList<GraphSignature> All(VideoGraphDims dims) =>
        [TextEncoder(dims), VaeEncoder(), VaeDecoder(), SparseCtrl(dims), Unet(dims), UnclipUnet(dims), VaeDecoder("unclip_vae_decoder")];

    private static IReadOnlyList<TensorSpec> Residuals(UnetLayout layout) =>
        [.. UnetLayout.ResidualNames.Select((name, k) => Spec<float>(name, -1, layout.Residual(k).Channels, -1, -1, -1))];

    private static TensorSpec Spec<T>(string name, params long[] dims) => new(name, typeof(T), dims);
}
