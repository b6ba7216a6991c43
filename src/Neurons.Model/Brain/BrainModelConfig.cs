using System.Text.Json.Serialization;

namespace Neurons.Model.Brain;

/// <summary>
/// The sizes of the NEURONS stage-1 brain model (docs/model.md): per-subject ridge V → <see cref="Hidden"/>, a residual
/// MLP backbone of <see cref="Blocks"/> blocks, a token head <see cref="Hidden"/> → <see cref="Tokens"/> ×
/// <see cref="Width"/>, a per-token projector and the frozen mean-token → <see cref="TextWidth"/> projection.
/// One code base serves both presets: <see cref="Paper"/> and <see cref="Tiny"/>.
/// </summary>
public sealed record BrainModelConfig
{
    /// <summary>Gets the preset name this configuration came from (<c>paper</c>, <c>tiny</c> or <c>custom</c>).</summary>
    /// <value>Default <c>custom</c>.</value>
    [JsonPropertyName("name")]
    public string Name { get; init; } = "custom";

    /// <summary>Gets the voxel count of each subject, in ridge order.</summary>
    /// <value>One entry per subject; each ≥ 1.</value>
    [JsonPropertyName("voxels")]
    public IReadOnlyList<int> Voxels { get; init; } = [];

    /// <summary>Gets the ridge output width and the width of the mixer blocks.</summary>
    /// <value>Default 4096 (paper).</value>
    [JsonPropertyName("hidden")]
    public int Hidden { get; init; } = 4096;

    /// <summary>Gets the number of mixer blocks.</summary>
    /// <value>Default 4 (paper).</value>
    [JsonPropertyName("blocks")]
    public int Blocks { get; init; } = 4;

    /// <summary>Gets the number of predicted CLIP image tokens.</summary>
    /// <value>Default 256 (bigG 16×16 patches).</value>
    [JsonPropertyName("tokens")]
    public int Tokens { get; init; } = 256;

    /// <summary>Gets the width of one predicted token.</summary>
    /// <value>Default 1664 (bigG, un-projected).</value>
    [JsonPropertyName("width")]
    public int Width { get; init; } = 1664;

    /// <summary>Gets the width of the CLIP text embedding the frozen projection maps to.</summary>
    /// <value>Default 1280 (bigG pooled text).</value>
    [JsonPropertyName("text_width")]
    public int TextWidth { get; init; } = 1280;

    /// <summary>Gets the dropout probability inside each mixer MLP.</summary>
    /// <value>Default 0.15.</value>
    [JsonPropertyName("dropout")]
    public double Dropout { get; init; } = 0.15;

    /// <summary>Gets how the mixer chains its residual streams.</summary>
    /// <value>Default <see cref="MixerMode.Reference"/>.</value>
    [JsonPropertyName("mixer")]
    [JsonConverter(typeof(JsonStringEnumConverter<MixerMode>))]
    public MixerMode Mixer { get; init; } = MixerMode.Reference;

    /// <summary>The paper configuration: hidden 4096, 4 blocks, 256 × 1664 tokens, 1280 text (≈1.9 B parameters).</summary>
    public static BrainModelConfig Paper(IReadOnlyList<int> voxels) => new()
    {
        Name = "paper",
        Voxels = voxels,
    };

    /// <summary>
    /// The tiny configuration: the same architecture with hidden 256; token shape and text width follow the targets
    /// (the mini profile's fixture encoders). Trains on a laptop CPU in minutes.
    /// </summary>
    public static BrainModelConfig Tiny(IReadOnlyList<int> voxels, int tokens, int width, int textWidth) => new()
    {
        Name = "tiny",
        Voxels = voxels,
        Hidden = 256,
        Blocks = 4,
        Tokens = tokens,
        Width = width,
        TextWidth = textWidth,
    };

    /// <summary>Builds a preset by name (<c>paper</c> or <c>tiny</c>); the token shape and text width come from the targets.</summary>
    public static BrainModelConfig FromPreset(string preset, IReadOnlyList<int> voxels, int tokens, int width, int textWidth) =>
        preset switch
        {
            "paper" => Paper(voxels) with { Tokens = tokens, Width = width, TextWidth = textWidth },
            "tiny" => Tiny(voxels, tokens, width, textWidth),
            _ => throw new ArgumentException($"unknown model configuration '{preset}' (expected paper or tiny)", nameof(preset)),
        };

    /// <summary>Checks the sizes; throws with one line naming the first bad field.</summary>
    public void Validate()
    {
        if (Voxels.Count == 0 || Voxels.Any(v => v < 1))
        {
            throw new ArgumentException($"model config '{Name}': voxels must list ≥ 1 voxel per subject, got [{string.Join(", ", Voxels)}]");
        }

        Check(Hidden, nameof(Hidden));
        Check(Blocks, nameof(Blocks));
        Check(Tokens, nameof(Tokens));
        Check(Width, nameof(Width));
        Check(TextWidth, nameof(TextWidth));
        if (Dropout is < 0 or >= 1)
        {
            throw new ArgumentException($"model config '{Name}': dropout must be in [0, 1), got {Dropout}");
        }
    }

    /// <summary>Counts the parameters analytically (no allocation); equals the built model's count.</summary>
    /// <param name="includeFrozen">Whether to count the frozen text projection.</param>
    public long ParameterCount(bool includeFrozen = true)
    {
        // The ridge output has sequence length 1 (one TR), as in NEURONS; block 2 mixes over that axis.
        long h = Hidden, s = 1, d = Width;
        long ridge = Voxels.Sum(v => ((long)v * h) + h);
        long block1 = (2 * h) + (2 * ((h * h) + h));
        long block2 = (2 * s) + (2 * ((s * s) + s));
        long head = (h * s * Tokens * d) + (Tokens * d);
        long projector = 3 * ((2 * d) + (d * d) + d);
        long text = includeFrozen ? d * TextWidth : 0;
        return ridge + (Blocks * (block1 + block2)) + head + projector + text;
    }

    private void Check(int value, string field)
    {
        if (value < 1)
        {
            throw new ArgumentException($"model config '{Name}': {field} must be ≥ 1, got {value}");
        }
    }
}
