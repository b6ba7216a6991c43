using Neurons.Vision.Clip;

namespace Neurons.Vision.Targets;

/// <summary>The files and graph names of one <see cref="TargetEncoders"/> configuration.</summary>
/// <param name="ClipImageModel">The CLIP image encoder returning visual tokens.</param>
/// <param name="ClipImage">The image encoder's input/output names and preprocessing.</param>
/// <param name="ClipTextModel">The CLIP text encoder returning the pooled, projected embedding.</param>
/// <param name="ClipTextOutput">The text encoder's pooled output name.</param>
/// <param name="ClipVocab">The CLIP BPE vocabulary (vocab.json).</param>
/// <param name="ClipMerges">The CLIP BPE merges (merges.txt).</param>
/// <param name="VaeEncoder">The VAE encoder exposing the posterior mean.</param>
/// <param name="VaeScaling">The latent scaling factor.</param>
public sealed record TargetEncoderFiles(
    string ClipImageModel,
    ClipImageOptions ClipImage,
    string ClipTextModel,
    string ClipTextOutput,
    string ClipVocab,
    string ClipMerges,
    string VaeEncoder,
    float VaeScaling);
