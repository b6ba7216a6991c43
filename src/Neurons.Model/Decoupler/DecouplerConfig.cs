using System.Text.Json.Serialization;

namespace Neurons.Model.Decoupler;

/// <summary>
/// The sizes of the NEURONS stage-2 decoupler heads (docs/model.md): <c>motion_proj</c> (per token
/// <see cref="Width"/> → <see cref="Frames"/>·<see cref="Width"/>), <c>classifier</c> (<see cref="Width"/> →
/// <see cref="TextWidth"/> → <see cref="Concepts"/>) and <c>text_seg_dec</c> (cross-attention, 1×1 projector,
/// DecoderVideo, segmentation and reconstruction heads). One code base serves both presets: <see cref="Paper"/> and
/// <see cref="Tiny"/>.
/// </summary>
public sealed record DecouplerConfig
{
    /// <summary>Gets the preset name this configuration came from (<c>paper</c>, <c>tiny</c> or <c>custom</c>).</summary>
    /// <value>Default <c>custom</c>.</value>
    [JsonPropertyName("name")]
    public string Name { get; init; } = "custom";

    /// <summary>Gets the number of image tokens N per frame; a perfect square (the token grid is √N × √N).</summary>
    /// <value>Default 256 (bigG 16×16 patches).</value>
    [JsonPropertyName("tokens")]
    public int Tokens { get; init; } = 256;

    /// <summary>Gets the token width D.</summary>
    /// <value>Default 1664 (bigG, un-projected).</value>
    [JsonPropertyName("width")]
    public int Width { get; init; } = 1664;

    /// <summary>Gets the CLIP text width T.</summary>
    /// <value>Default 1280 (bigG pooled text).</value>
    [JsonPropertyName("text_width")]
    public int TextWidth { get; init; } = 1280;

    /// <summary>Gets the number of frames per clip the motion projection predicts.</summary>
    /// <value>Default 6.</value>
    [JsonPropertyName("frames")]
    public int Frames { get; init; } = 6;

    /// <summary>Gets the number of concepts the classifier scores.</summary>
    /// <value>Default 51.</value>
    [JsonPropertyName("concepts")]
    public int Concepts { get; init; } = 51;

    /// <summary>Gets the output channels of the 1×1 convolutions of <c>maps_projector</c>, in order.</summary>
    /// <value>Default [512, 128, 64]; the last is the decoder's input width.</value>
    [JsonPropertyName("projector_channels")]
    public IReadOnlyList<int> ProjectorChannels { get; init; } = [512, 128, 64];

    /// <summary>
    /// Gets the channels of the video decoder: the first is <c>conv_in</c>'s output and the mid block's width, entry i
    /// the output of up block i (the reference's <c>block_out_channels</c> reversed). Every up block but the last
    /// doubles the side.
    /// </summary>
    /// <value>Default [128, 64, 32].</value>
    [JsonPropertyName("decoder_channels")]
    public IReadOnlyList<int> DecoderChannels { get; init; } = [128, 64, 32];

    /// <summary>Gets the number of (resnet, attention) layers in each up block (<c>layers_per_block + 1</c>).</summary>
    /// <value>Default 2.</value>
    [JsonPropertyName("layers_per_block")]
    public int LayersPerBlock { get; init; } = 2;

    /// <summary>Gets the GroupNorm group count inside the video decoder; divides every <see cref="DecoderChannels"/> entry.</summary>
    /// <value>Default 32.</value>
    [JsonPropertyName("groups")]
    public int Groups { get; init; } = 32;

    /// <summary>Gets the channels of the reconstruction head (the VAE latent channels).</summary>
    /// <value>Default 4 (SD-1.5 VAE).</value>
    [JsonPropertyName("latent_channels")]
    public int LatentChannels { get; init; } = 4;

    /// <summary>Gets the dropout on the cross-attention weights and on its output projection.</summary>
    /// <value>Default 0.1.</value>
    [JsonPropertyName("attention_dropout")]
    public double AttentionDropout { get; init; } = 0.1;

    /// <summary>Gets the dropout after <c>maps_projector</c>.</summary>
    /// <value>Default 0.3.</value>
    [JsonPropertyName("projector_dropout")]
    public double ProjectorDropout { get; init; } = 0.3;

    /// <summary>Gets how cross-attention and temporal attention group the batch.</summary>
    /// <value>Default <see cref="DecouplerAttention.PerClipResidual"/> (the paper's per-clip attention with a query residual).</value>
    [JsonPropertyName("attention")]
    [JsonConverter(typeof(JsonStringEnumConverter<DecouplerAttention>))]
    public DecouplerAttention Attention { get; init; } = DecouplerAttention.PerClipResidual;

    /// <summary>
    /// Gets whether the reconstruction head predicts standardized latents: its output z becomes μ + s·z, with μ the
    /// training latents' mean [C, S, S] (at the decoder's output side, averaged over the latent cells that the loss's
    /// nearest resize reads from each output cell) and s one scalar, their root-mean-square deviation from their mean (the
    /// buffers <c>latent_mean</c> and <c>latent_scale</c>, fitted once on the training latents), and L_recon is taken in
    /// units of s. A deviation from the reference (off in <see cref="Paper"/>), in the spirit of latent diffusion's
    /// latent scaling: the head starts at the mean latent instead of at a random map far from it, and the loss weighs
    /// what differs between clips. SD-1.5 latents (× 0.18215) are near unit scale and carry no such offset; the mini
    /// fixture latents differ from their mean by 0.006 on average around a mean of 0.034, which a head of this size
    /// did not reach in the mini budget (latent L1 0.0106 against 0.0063 for the mean latent).
    /// </summary>
    [JsonPropertyName("standardize_latents")]
    public bool StandardizeLatents { get; init; }

    /// <summary>Gets the side of the token grid, √<see cref="Tokens"/>.</summary>
    [JsonIgnore]
    public int Grid => (int)Math.Round(Math.Sqrt(Tokens));

    /// <summary>Gets the side of the decoder's outputs: the grid doubled by every up block but the last (64 in <c>paper</c>).</summary>
    [JsonIgnore]
    public int OutputSide => Grid << Math.Max(0, DecoderChannels.Count - 1);

    /// <summary>The paper configuration (docs/model.md): ≈16.6 M + 2.2 M + 9.9 M parameters.</summary>
    /// <param name="tokens">The image tokens per frame (256).</param>
    /// <param name="width">The token width (1664).</param>
    /// <param name="textWidth">The text width (1280).</param>
    public static DecouplerConfig Paper(int tokens = 256, int width = 1664, int textWidth = 1280) => new()
    {
        Name = "paper",
        Tokens = tokens,
        Width = width,
        TextWidth = textWidth,
    };

    /// <summary>
    /// The tiny configuration: the same architecture with projector [64, 32, 16], decoder [32, 16, 16] and 8 groups;
    /// the token shape and text width follow the targets (the mini profile: 16 tokens → 4×4 grid → 16×16 outputs).
    /// </summary>
    public static DecouplerConfig Tiny(int tokens, int width, int textWidth) => new()
    {
        Name = "tiny",
        Tokens = tokens,
        Width = width,
        TextWidth = textWidth,
        ProjectorChannels = [64, 32, 16],
        DecoderChannels = [32, 16, 16],
        Groups = 8,
    };

    /// <summary>Builds a preset by name (<c>paper</c> or <c>tiny</c>); the token shape and text width come from the targets.</summary>
    public static DecouplerConfig FromPreset(string preset, int tokens, int width, int textWidth) =>
        preset switch
        {
            "paper" => Paper(tokens, width, textWidth),
            "tiny" => Tiny(tokens, width, textWidth),
            _ => throw new ArgumentException($"unknown decoupler configuration '{preset}' (expected paper or tiny)", nameof(preset)),
        };

    /// <summary>Checks the sizes; throws with one line naming the first bad field.</summary>
    public void Validate()
    {
        Check(Tokens, nameof(Tokens));
        if (Grid * Grid != Tokens)
        {
            throw new ArgumentException($"decoupler config '{Name}': tokens must be a perfect square (a √N × √N grid), got {Tokens}");
        }

        Check(Width, nameof(Width));
        Check(TextWidth, nameof(TextWidth));
        Check(Frames, nameof(Frames));
        Check(Concepts, nameof(Concepts));
        Check(LayersPerBlock, nameof(LayersPerBlock));
        Check(Groups, nameof(Groups));
        Check(LatentChannels, nameof(LatentChannels));
        CheckList(ProjectorChannels, nameof(ProjectorChannels));
        CheckList(DecoderChannels, nameof(DecoderChannels));
        var bad = DecoderChannels.FirstOrDefault(c => c % Groups != 0);
        if (bad != 0)
        {
            throw new ArgumentException($"decoupler config '{Name}': groups ({Groups}) must divide every decoder channel count, got {bad} in [{string.Join(", ", DecoderChannels)}]");
        }

        if (AttentionDropout is < 0 or >= 1)
        {
            throw new ArgumentException($"decoupler config '{Name}': attention_dropout must be in [0, 1), got {AttentionDropout}");
        }

        if (ProjectorDropout is < 0 or >= 1)
        {
            throw new ArgumentException($"decoupler config '{Name}': projector_dropout must be in [0, 1), got {ProjectorDropout}");
        }

        if (!Enum.IsDefined(Attention))
        {
            throw new ArgumentException($"decoupler config '{Name}': attention must be PerClip, PerClipResidual or Reference, got {(int)Attention}");
        }
    }

    /// <summary>Counts the parameters of <c>motion_proj</c> analytically: Linear(D → frames·D) with bias.</summary>
    public long MotionProjectionParameterCount()
    {
        long d = Width, out6 = (long)Frames * Width;
        return (d * out6) + out6;
    }

    /// <summary>Counts the parameters of <c>classifier</c> analytically: Linear(D → T) and Linear(T → concepts), with biases.</summary>
    public long ClassifierParameterCount()
    {
        long d = Width, t = TextWidth, k = Concepts;
        return (d * t) + t + (t * k) + k;
    }

    /// <summary>Counts the parameters of <c>text_seg_dec</c> analytically (cross-attention, projector, decoder, heads).</summary>
    public long DecoderParameterCount()
    {
        long d = Width, t = TextWidth;
        long attention = (d * t) + (3 * t * t);
        long projector = 0, previous = t;
        for (var i = 0; i < ProjectorChannels.Count; i++)
        {
            long c = ProjectorChannels[i];
            var last = i == ProjectorChannels.Count - 1;
            projector += (previous * c) + (last ? c : 2 * c);
            previous = c;
        }

        long norm = 2 * previous;
        long c0 = DecoderChannels[0];
        long convIn = (previous * c0 * 9) + c0;
        long mid = (2 * Resnet(c0, c0)) + (2 * SelfAttention(c0)) + 1;
        long up = 0, input = c0;
        for (var i = 0; i < DecoderChannels.Count; i++)
        {
            long c = DecoderChannels[i];
            for (var j = 0; j < LayersPerBlock; j++)
            {
                up += Resnet(j == 0 ? input : c, c) + (2 * SelfAttention(c)) + 1;
            }

            if (i < DecoderChannels.Count - 1)
            {
                up += (c * c * 9) + c;
            }

            input = c;
        }

        long normOut = 2 * input;
        long heads = ((input * 9) + 1) + ((input * LatentChannels * 9) + LatentChannels);
        return attention + projector + norm + convIn + mid + up + normOut + heads;
    }

    /// <summary>Counts all decoupler parameters analytically (motion projection, classifier, decoder); equals the built modules' count.</summary>
    public long ParameterCount() => MotionProjectionParameterCount() + ClassifierParameterCount() + DecoderParameterCount();

    private static long Resnet(long input, long output) =>
        (2 * input) + ((input * output * 9) + output) + (2 * output) + ((output * output * 9) + output)
        + (input == output ? 0 : (input * output) + output);

    private static long SelfAttention(long c) => (4 * ((c * c) + c)) + (2 * c);

    private void Check(int value, string field)
    {
        if (value < 1)
        {
            throw new ArgumentException($"decoupler config '{Name}': {field} must be ≥ 1, got {value}");
        }
    }

    private void CheckList(IReadOnlyList<int> values, string field)
    {
        if (values.Count == 0 || values.Any(v => v < 1))
        {
            throw new ArgumentException($"decoupler config '{Name}': {field} must list ≥ 1 channel count, each ≥ 1, got [{string.Join(", ", values)}]");
        }
    }
}
