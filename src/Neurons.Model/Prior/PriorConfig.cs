using System.Text.Json.Serialization;

namespace Neurons.Model.Prior;

/// <summary>
/// The sizes of the NEURONS diffusion prior (<c>BrainDiffusionPrior</c> + <c>PriorNetwork</c>, BrainModel_neurons.py
/// L316–685, on dalle2-pytorch's <c>DiffusionPrior</c>): a non-causal transformer of <see cref="Depth"/> layers over
/// [brain tokens, time token, noised image tokens], multi-query cosine-similarity attention with <see cref="Heads"/> ×
/// <see cref="DimHead"/> queries, a cosine β schedule of <see cref="Timesteps"/> steps, x₀ prediction and condition
/// drop <see cref="CondDropProb"/>. One code base serves both presets: <see cref="Paper"/> and <see cref="Tiny"/>.
/// </summary>
public sealed record PriorConfig
{
    /// <summary>The feed-forward expansion (dalle2-pytorch <c>ff_mult</c>).</summary>
    public const int FeedForwardMult = 4;

    /// <summary>The number of T5 relative-position buckets.</summary>
    public const int RelPosBuckets = 32;

    /// <summary>The distance from which all relative positions share the last bucket.</summary>
    public const int RelPosMaxDistance = 128;

    /// <summary>The cosine-similarity attention scale (logits = 16 · cos).</summary>
    public const double CosineSimScale = 16;

    /// <summary>The offset s of the cosine β schedule.</summary>
    public const double CosineScheduleOffset = 0.008;

    /// <summary>The largest β the schedule keeps.</summary>
    public const double MaxBeta = 0.999;

    /// <summary>Gets the preset name this configuration came from (<c>paper</c>, <c>tiny</c> or <c>custom</c>).</summary>
    /// <value>Default <c>custom</c>.</value>
    [JsonPropertyName("name")]
    public string Name { get; init; } = "custom";

    /// <summary>Gets the token width D (the CLIP image-token width).</summary>
    /// <value>Default 1664 (bigG); even, ≥ 4 (the sinusoidal time embedding halves it).</value>
    [JsonPropertyName("dim")]
    public int Dim { get; init; } = 1664;

    /// <summary>Gets the number of transformer layers.</summary>
    /// <value>Default 6.</value>
    [JsonPropertyName("depth")]
    public int Depth { get; init; } = 6;

    /// <summary>Gets the number of query heads (keys and values have one shared head).</summary>
    /// <value>Default 32 (1664 / 52).</value>
    [JsonPropertyName("heads")]
    public int Heads { get; init; } = 32;

    /// <summary>Gets the width of one attention head.</summary>
    /// <value>Default 52; even (rotary embedding rotates pairs of its first min(32, DimHead) features).</value>
    [JsonPropertyName("dim_head")]
    public int DimHead { get; init; } = 52;

    /// <summary>Gets the number of image tokens N (and brain tokens).</summary>
    /// <value>Default 256 (bigG 16×16 patches).</value>
    [JsonPropertyName("tokens")]
    public int Tokens { get; init; } = 256;

    /// <summary>Gets the number of diffusion steps (training and DDPM sampling).</summary>
    /// <value>Default 100.</value>
    [JsonPropertyName("timesteps")]
    public int Timesteps { get; init; } = 100;

    /// <summary>
    /// Gets the probability, during training, of replacing a sample's brain tokens by the learned null brain tokens, and
    /// (independently) its noised image tokens by the learned null image tokens.
    /// </summary>
    /// <value>Default 0.2; in [0, 1].</value>
    [JsonPropertyName("cond_drop_prob")]
    public double CondDropProb { get; init; } = 0.2;

    /// <summary>
    /// Gets whether stage 2 works on standardized image tokens: z = (x − μ) / s, with μ the training targets' mean token
    /// grid [N, D] and s one scalar, their root-mean-square deviation from μ (the prior's buffers <c>target_mean</c>,
    /// <c>target_scale</c>, fitted once on the training targets). The prior diffuses z, and its output, the motion tokens
    /// and the SoftCLIP targets are in that space, so the heads read what differs between clips. A deviation from the
    /// reference (off in <see cref="Paper"/>), as latent diffusion scales its latents: when one mean grid carries nearly
    /// all of the targets' energy (the mini fixture tokens: 99.2 %), the x₀ MSE is met by predicting μ, SoftCLIP's
    /// similarities barely differ between clips, and every head reads nearly the same tokens for every clip.
    /// </summary>
    [JsonPropertyName("standardize_targets")]
    public bool StandardizeTargets { get; init; }

    /// <summary>Gets the number of leading features of each head that rotary embedding rotates: min(32, <see cref="DimHead"/>).</summary>
    [JsonIgnore]
    public int RotaryDim => Math.Min(32, DimHead);

    /// <summary>
    /// The paper configuration (train_neurons.py L158–182): dim 1664, depth 6, dim_head 52, heads = dim / 52 (32),
    /// 256 tokens, 100 steps, condition drop 0.2 (259,865,200 trainable parameters).
    /// </summary>
    /// <param name="tokens">The number of image tokens.</param>
    /// <param name="dim">The token width.</param>
    public static PriorConfig Paper(int tokens = 256, int dim = 1664) => new()
    {
        Name = "paper",
        Dim = dim,
        Depth = 6,
        Heads = Math.Max(1, dim / 52),
        DimHead = 52,
        Tokens = tokens,
    };

    /// <summary>
    /// The tiny configuration: the same architecture with depth 2 and 4 heads × 8 (rotary on all 8 features); token
    /// count and width follow the targets. Trains on a CPU in seconds.
    /// </summary>
    /// <param name="tokens">The number of image tokens.</param>
    /// <param name="dim">The token width.</param>
    public static PriorConfig Tiny(int tokens, int dim) => new()
    {
        Name = "tiny",
        Dim = dim,
        Depth = 2,
        Heads = 4,
        DimHead = 8,
        Tokens = tokens,
    };

    /// <summary>Builds a preset by name (<c>paper</c> or <c>tiny</c>) for the targets' token shape.</summary>
    /// <param name="preset">The preset name.</param>
    /// <param name="tokens">The number of image tokens.</param>
    /// <param name="dim">The token width.</param>
    public static PriorConfig FromPreset(string preset, int tokens, int dim) =>
        preset switch
        {
            "paper" => Paper(tokens, dim),
            "tiny" => Tiny(tokens, dim),
            _ => throw new ArgumentException($"unknown prior configuration '{preset}' (expected paper or tiny)", nameof(preset)),
        };

    /// <summary>Checks the sizes; throws with one line naming the first bad field.</summary>
    public void Validate()
    {
        if (Dim < 4 || Dim % 2 != 0)
        {
            throw new ArgumentException($"prior config '{Name}': dim must be even and ≥ 4 (sinusoidal time embedding), got {Dim}");
        }

        Check(Depth, nameof(Depth));
        Check(Heads, nameof(Heads));
        Check(Tokens, nameof(Tokens));
        Check(Timesteps, nameof(Timesteps));
        if (DimHead < 2 || DimHead % 2 != 0)
        {
            throw new ArgumentException($"prior config '{Name}': dim_head must be even and ≥ 2 (rotary embedding rotates feature pairs), got {DimHead}");
        }

        if (CondDropProb is < 0 or > 1 || double.IsNaN(CondDropProb))
        {
            throw new ArgumentException($"prior config '{Name}': cond_drop_prob must be in [0, 1], got {CondDropProb}");
        }
    }

    /// <summary>
    /// Counts the trainable parameters analytically (no allocation); equals the built <see cref="DiffusionPrior"/>'s
    /// parameter count. The reference additionally holds the min(32, dim_head) / 2 fixed rotary frequencies as a frozen
    /// parameter (16 in <c>paper</c>); here they are a buffer, as are the noise schedule's tables.
    /// </summary>
    public long ParameterCount()
    {
        long d = Dim, n = Tokens, inner = (long)Heads * DimHead, hidden = 2 * d, ff = FeedForwardMult * d;

        // learned_query (pos_emb), null_brain_embeds, null_image_embed
        var embeddings = 3 * n * d;

        // to_time_embeds: MLP(d, d) with expansion 2, depth 2: Linear(d, 2d), Linear(2d, 2d), Linear(2d, d), all with bias
        var time = ((d * hidden) + hidden) + ((hidden * hidden) + hidden) + ((hidden * d) + d);

        // attention: norm.g, null_kv [2, dh], to_q, to_kv, to_out.0 (no bias), to_out.1.g
        var attention = d + (2L * DimHead) + (d * inner) + (d * 2L * DimHead) + (inner * d) + d;

        // feed-forward: LayerNorm g, Linear(d, 2·4d), Linear(4d, d), no bias
        var feedForward = d + (d * 2 * ff) + (ff * d);

        // rel_pos_bias embedding, final stable norm g, project_out
        var transformer = ((long)RelPosBuckets * Heads) + (Depth * (attention + feedForward)) + d + (d * d);
        return embeddings + time + transformer;
    }

    private void Check(int value, string field)
    {
        if (value < 1)
        {
            throw new ArgumentException($"prior config '{Name}': {field} must be ≥ 1, got {value}");
        }
    }
}
