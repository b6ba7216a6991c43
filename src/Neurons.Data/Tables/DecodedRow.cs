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

    /// <summary>Gets or sets the 6 × S × S masks, one byte (0 or 1) per pixel, frame-major.</summary>
    [JsonPropertyName("masks")]
    public byte[] Masks { get; set; } = [];

    /// <summary>Gets or sets the blurry frame width (224).</summary>
    [JsonPropertyName("width")]
    public int Width { get; set; }

    /// <summary>Gets or sets the blurry frame height (224).</summary>
    [JsonPropertyName("height")]
    public int Height { get; set; }

    /// <summary>Gets or sets the six blurry frames as RGB bytes, laid out as <c>clips.frames</c>.</summary>
    [JsonPropertyName("blurry_frames")]
    public byte[] BlurryFrames { get; set; } = [];

    /// <summary>Gets or sets the latent side (28).</summary>
    [JsonPropertyName("latent_side")]
    public int LatentSide { get; set; }

    /// <summary>Gets or sets the masked latents fed to the VAE decoder, float32 little-endian [6, 4, L, L].</summary>
    [JsonPropertyName("blurry_latents")]
    public byte[] BlurryLatents { get; set; } = [];

    /// <summary>Gets or sets N, the prior's token count.</summary>
    [JsonPropertyName("token_count")]
    public int TokenCount { get; set; }

    /// <summary>Gets or sets D, the prior's token width.</summary>
    [JsonPropertyName("token_width")]
    public int TokenWidth { get; set; }

    /// <summary>Gets or sets the N per-token keyframe weights.</summary>
    [JsonPropertyName("keyframe_weights")]
    public List<float> KeyframeWeights { get; set; } = [];

    /// <summary>Gets or sets the prior's tokens × the keyframe weights, float16 [N, D] (<see cref="TargetFloat16"/>).</summary>
    [JsonPropertyName("keyframe_tokens")]
    public byte[] KeyframeTokens { get; set; } = [];
}
