using System.Text.Json.Serialization;

namespace Neurons.Model.Captioning;

/// <summary>
/// The sizes of a GPT-2 language model (Hugging Face <c>GPT2Config</c>; JSON names follow its <c>config.json</c>).
/// <see cref="Small"/> is the 124M <c>gpt2</c> checkpoint NEURONS fine-tunes as its caption decoder (docs/model.md);
/// <see cref="Tiny"/> is the same architecture at widths the mini subset trains from scratch on a CPU.
/// </summary>
public sealed record Gpt2Config
{
    /// <summary>The GPT-2 BPE vocabulary size (50,000 merges + 256 bytes + <c>&lt;|endoftext|&gt;</c>).</summary>
    public const int Gpt2VocabSize = 50257;

    /// <summary>Gets the preset name this configuration came from (<c>small</c>, <c>tiny</c> or <c>custom</c>).</summary>
    /// <value>Default <c>custom</c>.</value>
    [JsonPropertyName("name")]
    public string Name { get; init; } = "custom";

    /// <summary>Gets the vocabulary size (rows of <c>wte</c>, width of the tied head).</summary>
    /// <value>Default 50257 (GPT-2 BPE); must exceed every target id.</value>
    [JsonPropertyName("vocab_size")]
    public int VocabSize { get; init; } = Gpt2VocabSize;

    /// <summary>Gets the number of learned positions (rows of <c>wpe</c>), the longest input sequence.</summary>
    /// <value>Default 1024.</value>
    [JsonPropertyName("n_positions")]
    public int Positions { get; init; } = 1024;

    /// <summary>Gets the hidden width.</summary>
    /// <value>Default 768; a multiple of <see cref="Heads"/>.</value>
    [JsonPropertyName("n_embd")]
    public int Width { get; init; } = 768;

    /// <summary>Gets the number of transformer blocks.</summary>
    /// <value>Default 12.</value>
    [JsonPropertyName("n_layer")]
    public int Layers { get; init; } = 12;

    /// <summary>Gets the number of attention heads.</summary>
    /// <value>Default 12.</value>
    [JsonPropertyName("n_head")]
    public int Heads { get; init; } = 12;

    /// <summary>Gets the LayerNorm epsilon.</summary>
    /// <value>Default 1e-5.</value>
    [JsonPropertyName("layer_norm_epsilon")]
    public double LayerNormEps { get; init; } = 1e-5;

    /// <summary>
    /// Gets the dropout probability used for the embeddings, the attention weights and both residual branches
    /// (GPT-2's <c>embd_pdrop</c>, <c>attn_pdrop</c>, <c>resid_pdrop</c>); active in training mode only.
    /// </summary>
    /// <value>Default 0.1 (as <c>gpt2</c>); in [0, 1).</value>
    [JsonPropertyName("dropout")]
    public double Dropout { get; init; } = 0.1;

    /// <summary>Gets the Hugging Face <c>gpt2</c> (GPT-2 small) configuration: 12 layers, 768 wide, 12 heads, 1024 positions.</summary>
    public static Gpt2Config Small { get; } = new() { Name = "small" };

    /// <summary>The paper's caption decoder: <see cref="Small"/>.</summary>
    public static Gpt2Config Paper() => Small;

    /// <summary>
    /// A tiny GPT-2 (2 layers, 32 wide, 2 heads, 64 positions) for the mini subset: trained from scratch, no weights
    /// needed. Keeps the full GPT-2 vocabulary unless a smaller <paramref name="vocabSize"/> is passed.
    /// </summary>
    public static Gpt2Config Tiny(int vocabSize = Gpt2VocabSize, int positions = 64) => new()
    {
        Name = "tiny",
        VocabSize = vocabSize,
        Positions = positions,
        Width = 32,
        Layers = 2,
        Heads = 2,
    };

    /// <summary>Checks the sizes; throws with one line naming the first bad field.</summary>
    public void Validate()
    {
        Check(VocabSize, nameof(VocabSize));
        Check(Positions, nameof(Positions));
        Check(Width, nameof(Width));
        Check(Layers, nameof(Layers));
        Check(Heads, nameof(Heads));
        if (Width % Heads != 0)
        {
            throw new ArgumentException($"GPT-2 config '{Name}': Width {Width} must be a multiple of Heads {Heads}");
        }

        if (!(LayerNormEps > 0))
        {
            throw new ArgumentException($"GPT-2 config '{Name}': LayerNormEps must be > 0, got {LayerNormEps}");
        }

        if (Dropout is < 0 or >= 1 || double.IsNaN(Dropout))
        {
            throw new ArgumentException($"GPT-2 config '{Name}': Dropout must be in [0, 1), got {Dropout}");
        }
    }

    /// <summary>
    /// Counts the parameters analytically (no allocation); equals the built model's count. The head is tied to
    /// <c>wte</c> and counted once. With <paramref name="prefixWidth"/> &gt; 0 the prefix captioner's
    /// <c>clip_project</c> (Linear prefixWidth → Width with bias) is added.
    /// </summary>
    /// <param name="prefixWidth">The width of the text vector the captioner projects to a 1-token prefix; 0 for the language model alone.</param>
    public long ParameterCount(int prefixWidth = 0)
    {
        long v = VocabSize, p = Positions, w = Width;
        long layerNorm = 2 * w;
        long attention = (w * 3 * w) + (3 * w) + (w * w) + w;
        long mlp = (w * 4 * w) + (4 * w) + (4 * w * w) + w;
        long block = (2 * layerNorm) + attention + mlp;
        long prefix = prefixWidth > 0 ? ((long)prefixWidth * w) + w : 0;
        return (v * w) + (p * w) + (Layers * block) + layerNorm + prefix;
    }

    private void Check(int value, string field)
    {
        if (value < 1)
        {
            throw new ArgumentException($"GPT-2 config '{Name}': {field} must be ≥ 1, got {value}");
        }
    }
}
