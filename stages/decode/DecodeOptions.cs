using System.ComponentModel.DataAnnotations;

namespace Neurons.Stages.Decode;

/// <summary>The parameters of the <c>decode</c> stage (snake_case keys in <c>stage.yaml</c>).</summary>
public sealed record DecodeOptions
{
    /// <summary>Gets the subjects to decode. <value>Empty: every subject with a model.</value></summary>
    public IReadOnlyList<string> Subjects { get; init; } = [];

    /// <summary>Gets the base seed of the per-clip seeds. <value>0.</value></summary>
    public int Seed { get; init; }

    /// <summary>Gets the clips per forward pass. <value>20; at least 1.</value></summary>
    [Range(1, 100_000)]
    public int BatchSize { get; init; } = 20;

    /// <summary>Gets a value indicating whether each clip is decoded alone, VAE included, so its outputs are bit-identical in any batch. <value>true.</value></summary>
    public bool PerClip { get; init; } = true;

    /// <summary>Gets the greedy caption length cap. <value>60; at least 1.</value></summary>
    [Range(1, 1000)]
    public int MaxCaptionTokens { get; init; } = 60;

    /// <summary>Gets which fMRI each clip gets. <value><c>as_is</c>; also <c>shuffled</c> (the control).</value></summary>
    public string FmriOrder { get; init; } = "as_is";

    /// <summary>Gets the VAE decoder ONNX file. <value><c>../../models/vae/sd15_vae_decoder.onnx</c>.</value></summary>
    public string VaeDecoder { get; init; } = "../../models/vae/sd15_vae_decoder.onnx";

    /// <summary>Gets the latent scaling factor. <value>0.18215.</value></summary>
    [Range(1e-6, 1e6)]
    public double VaeScaling { get; init; } = 0.18215;

    /// <summary>Gets the CLIP BPE vocabulary (reference caption ids only). <value><c>../../models/clip/vocab.json</c>.</value></summary>
    public string ClipVocab { get; init; } = "../../models/clip/vocab.json";

    /// <summary>Gets the CLIP BPE merges (reference caption ids only). <value><c>../../models/clip/merges.txt</c>.</value></summary>
    public string ClipMerges { get; init; } = "../../models/clip/merges.txt";

    /// <summary>Gets the released stage-2 checkpoint loaded over the trained weights (reference key names). <value>Empty: the trained weights.</value></summary>
    public string WeightsFrom { get; init; } = string.Empty;

    /// <summary>Gets a value indicating whether PNGs and an MP4 per clip are committed with the shard. <value>true.</value></summary>
    public bool WriteFiles { get; init; } = true;

    /// <summary>Gets the model device. <value><c>auto</c>.</value></summary>
    public string Device { get; init; } = "auto";

    /// <summary>Gets the libtorch CPU threads (0 = default). <value>0.</value></summary>
    [Range(0, 1024)]
    public int Threads { get; init; }

    /// <summary>Gets the ONNX Runtime intra-op threads (0 = one per core). <value>0.</value></summary>
    [Range(0, 1024)]
    public int OnnxThreads { get; init; }

    /// <summary>Gets the ONNX Runtime execution provider. <value><c>cpu</c>.</value></summary>
    public string ExecutionProvider { get; init; } = "cpu";
}
