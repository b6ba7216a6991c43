using System.Text.Json.Serialization;

namespace Neurons.Data.Tables;

/// <summary>One row of the <c>decoded</c> table: the decoupled outputs of one test clip from one subject's fMRI (see <c>docs/tables/decoded.md</c>).</summary>
public sealed class DecodedRow
{
    /// <summary>Gets or sets the clip id (<c>test1_007</c>).</summary>
    [JsonPropertyName("clip_id")]
    public string ClipId { get; set; } = string.Empty;

    /// <summary>Gets or sets the split (<c>test</c>).</summary>
    [JsonPropertyName("split")]
    public string Split { get; set; } = string.Empty;

    /// <summary>Gets or sets the segment (<c>test1</c>).</summary>
    [JsonPropertyName("segment")]
    public string Segment { get; set; } = string.Empty;

    /// <summary>Gets or sets the position of the clip in its split (segment-major).</summary>
    [JsonPropertyName("split_index")]
    public int SplitIndex { get; set; }

    /// <summary>Gets or sets the subject number.</summary>
    [JsonPropertyName("subject")]
    public int Subject { get; set; }

    /// <summary>Gets or sets the clip whose fMRI was fed (the clip itself except in the shuffled control).</summary>
    [JsonPropertyName("fmri_clip_id")]
    public string FmriClipId { get; set; } = string.Empty;

    /// <summary>Gets or sets the number of fMRI repeats averaged.</summary>
    [JsonPropertyName("repeats")]
    public int Repeats { get; set; }

    /// <summary>Gets or sets the clip's seed.</summary>
    [JsonPropertyName("seed")]
    public long Seed { get; set; }

    /// <summary>Gets or sets the greedy caption.</summary>
    [JsonPropertyName("caption")]
    public string Caption { get; set; } = string.Empty;

    /// <summary>Gets or sets the 51 sigmoid concept scores.</summary>
    [JsonPropertyName("concept_scores")]
    public List<float> ConceptScores { get; set; } = [];

    /// <summary>Gets or sets the names of the concepts scored above 0.5, in classifier order.</summary>
    [JsonPropertyName("present_concepts")]
    public List<string> PresentConcepts { get; set; } = [];

    /// <summary>Gets or sets the highest-scoring concept's name.</summary>
    [JsonPropertyName("top_concept")]
    public string TopConcept { get; set; } = string.Empty;

    /// <summary>Gets or sets S, the side of the masks.</summary>
    [JsonPropertyName("mask_size")]
    public int MaskSize { get; set; }

    /// <summary>Gets or sets the six S × S masks as gray PNGs, 255 inside.</summary>
    [JsonPropertyName("masks")]
    public List<TableImage> Masks { get; set; } = [];

    /// <summary>Gets or sets the blurry frame width (224).</summary>
    [JsonPropertyName("width")]
    public int Width { get; set; }

    /// <summary>Gets or sets the blurry frame height (224).</summary>
    [JsonPropertyName("height")]
    public int Height { get; set; }

    /// <summary>Gets or sets the six blurry frames as RGB PNGs, as <c>clips.frames</c>.</summary>
    [JsonPropertyName("blurry_frames")]
    public List<TableImage> BlurryFrames { get; set; } = [];

    /// <summary>Gets or sets the latent side (28).</summary>
    [JsonPropertyName("latent_side")]
    public int LatentSide { get; set; }

    /// <summary>Gets or sets the masked latents fed to the VAE decoder, float32 [6, 4, L, L] row-major.</summary>
    [JsonPropertyName("blurry_latents")]
    public List<float> BlurryLatents { get; set; } = [];

    /// <summary>Gets or sets N, the prior's token count.</summary>
    [JsonPropertyName("token_count")]
    public int TokenCount { get; set; }

    /// <summary>Gets or sets D, the prior's token width.</summary>
    [JsonPropertyName("token_width")]
    public int TokenWidth { get; set; }

    /// <summary>Gets or sets the N per-token keyframe weights.</summary>
    [JsonPropertyName("keyframe_weights")]
    public List<float> KeyframeWeights { get; set; } = [];

    /// <summary>Gets or sets the prior's tokens × the keyframe weights, [N, D] at float16 precision (<see cref="TargetFloat16.Round"/>).</summary>
    [JsonPropertyName("keyframe_tokens")]
    public List<float> KeyframeTokens { get; set; } = [];

    /// <summary>Returns the file metadata describing the tensor and image columns.</summary>
    /// <param name="maskSize">S.</param>
    /// <param name="width">Blurry frame width.</param>
    /// <param name="height">Blurry frame height.</param>
    /// <param name="latentSide">L.</param>
    /// <param name="tokenCount">N.</param>
    /// <param name="tokenWidth">D.</param>
    /// <param name="concepts">Concept count (51).</param>
    public static IReadOnlyDictionary<string, string> Metadata(int maskSize, int width, int height, int latentSide, int tokenCount, int tokenWidth, int concepts) =>
        new TableMetadata("decoded")
            .Tensor("concept_scores", "float32", [concepts], "concept")
            .Image("masks", "L", [ClipRow.FrameCount, maskSize, maskSize], "frame", "row", "column")
            .Image("blurry_frames", "RGB", [ClipRow.FrameCount, height, width, 3], "frame", "row", "column", "channel")
            .Tensor("blurry_latents", "float32", [ClipRow.FrameCount, 4, latentSide, latentSide], "frame", "channel", "row", "column")
            .Tensor("keyframe_weights", "float32", [tokenCount], "token")
            .Tensor("keyframe_tokens", "float16", [tokenCount, tokenWidth], "token", "channel")
            .ToKeyValues();

    /// <summary>Decodes the masks to frame-major 0/1 bytes (6 × S × S).</summary>
    public byte[] DecodeMasks() => TableImages.ToMaskBytes(Masks, MaskSize, MaskSize, $"decoded {ClipId} s{Subject} masks");

    /// <summary>Decodes the blurry frames to RGB bytes, laid out as <see cref="ClipRow.DecodeFrames"/>.</summary>
    public byte[] DecodeBlurryFrames() => TableImages.ToRgbFrames(BlurryFrames, Width, Height, $"decoded {ClipId} s{Subject} blurry_frames");
}
