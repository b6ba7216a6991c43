using System.Text.Json.Serialization;
using Neurons.Model.Brain;
using Neurons.Model.Captioning;
using Neurons.Model.Decoupler;
using Neurons.Model.Prior;

namespace Neurons.Model.Decoupled;

/// <summary>
/// The sizes of the full NEURONS model of stage 2 (docs/model.md): the frozen stage-1 brain model, the
/// diffusion prior, the decoupler (motion projection, concept classifier, text-driven decoder) and the GPT-2 prefix
/// captioner, plus which caption ids the captioner predicts. <see cref="Paper"/> and <see cref="Tiny"/> share one
/// code base; token shape and text width follow the stage-1 brain (which follows the targets).
/// </summary>
public sealed record DecoupledModelConfig
{
    /// <summary>Gets the preset name (<c>paper</c>, <c>tiny</c> or <c>custom</c>).</summary>
    /// <value>Default <c>custom</c>.</value>
    [JsonPropertyName("name")]
    public string Name { get; init; } = "custom";

    /// <summary>Gets the frozen stage-1 brain model's configuration.</summary>
    /// <value>Required.</value>
    [JsonPropertyName("brain")]
    public BrainModelConfig Brain { get; init; } = new();

    /// <summary>Gets the diffusion prior's configuration.</summary>
    /// <value>Required; its tokens and width equal the brain's.</value>
    [JsonPropertyName("prior")]
    public PriorConfig Prior { get; init; } = PriorConfig.Paper();

    /// <summary>Gets the decoupler's configuration (motion projection, classifier, text-driven decoder).</summary>
    /// <value>Required; its tokens, width and text width equal the brain's.</value>
    [JsonPropertyName("decoupler")]
    public DecouplerConfig Decoupler { get; init; } = DecouplerConfig.Paper();

    /// <summary>Gets the captioner's GPT-2 configuration.</summary>
    /// <value>Default GPT-2 small (124 M).</value>
    [JsonPropertyName("gpt2")]
    public Gpt2Config Gpt2 { get; init; } = Gpt2Config.Small;

    /// <summary>Gets which ids the captioner predicts.</summary>
    /// <value>Default <see cref="CaptionTokenizerKind.Gpt2"/>.</value>
    [JsonPropertyName("caption_tokenizer")]
    [JsonConverter(typeof(JsonStringEnumConverter<CaptionTokenizerKind>))]
    public CaptionTokenizerKind CaptionTokenizer { get; init; } = CaptionTokenizerKind.Gpt2;

    /// <summary>Gets which brain output conditions the diffusion prior.</summary>
    /// <value>
    /// Default <see cref="PriorConditionKind.Backbone"/>, what a configuration written without the field was trained with;
    /// <see cref="Paper"/> sets <see cref="PriorConditionKind.ClipVisionEmbeds"/>, the reference's.
    /// </value>
    [JsonPropertyName("prior_condition")]
    [JsonConverter(typeof(JsonStringEnumConverter<PriorConditionKind>))]
    public PriorConditionKind PriorCondition { get; init; } = PriorConditionKind.Backbone;

    /// <summary>Gets the caption target length in tokens (the reference pads or truncates to 60).</summary>
    /// <value>Default 60; ≥ 2.</value>
    [JsonPropertyName("caption_length")]
    public int CaptionLength { get; init; } = 60;

    /// <summary>Gets the caption pad id the captioner's loss ignores: GPT-2's −100 (outside the vocabulary) or CLIP's 0.</summary>
    [JsonIgnore]
    public long CaptionPadId => CaptionTokenizer == CaptionTokenizerKind.Reference ? 0 : Captioning.Gpt2CaptionTokenizer.Padding;

    /// <summary>
    /// The paper configuration around a stage-1 brain: prior dim = width, depth 6, conditioned on <c>clip_vision_embeds</c>;
    /// decoder 512/128/64 → 128/64/32; GPT-2 small.
    /// </summary>
    public static DecoupledModelConfig Paper(BrainModelConfig brain, CaptionTokenizerKind tokenizer = CaptionTokenizerKind.Gpt2, DecouplerAttention attention = DecouplerAttention.PerClipResidual)
    {
        ArgumentNullException.ThrowIfNull(brain);
        return new DecoupledModelConfig
        {
            Name = "paper",
            Brain = brain,
            Prior = PriorConfig.Paper(brain.Tokens, brain.Width),
            Decoupler = DecouplerConfig.Paper(brain.Tokens, brain.Width, brain.TextWidth) with { Attention = attention },
            Gpt2 = Gpt2Config.Small,
            CaptionTokenizer = tokenizer,
            PriorCondition = PriorConditionKind.ClipVisionEmbeds,
        };
    }

    /// <summary>
    /// The tiny configuration around a (tiny) stage-1 brain: every part with small widths (the decoupler at half the
    /// channels of <see cref="DecouplerConfig.Tiny"/>: projector [32, 16, 8], decoder [16, 8, 8], 4 groups — its 16²
    /// convolutions and spatial attention dominate a step), the prior diffusing standardized targets
    /// (<see cref="PriorConfig.StandardizeTargets"/>), the reconstruction head predicting standardized latents
    /// (<see cref="DecouplerConfig.StandardizeLatents"/>), the prior conditioned on the backbone tokens
    /// (<see cref="PriorConditionKind.Backbone"/>) and GPT-2 trained from scratch with the full vocabulary, so the mini
    /// subset trains on a CPU.
    /// </summary>
    public static DecoupledModelConfig Tiny(BrainModelConfig brain, CaptionTokenizerKind tokenizer = CaptionTokenizerKind.Gpt2, DecouplerAttention attention = DecouplerAttention.PerClipResidual, int captionLength = 16)
    {
        ArgumentNullException.ThrowIfNull(brain);
        return new DecoupledModelConfig
        {
            Name = "tiny",
            Brain = brain,
            Prior = PriorConfig.Tiny(brain.Tokens, brain.Width) with { StandardizeTargets = true },
            Decoupler = DecouplerConfig.Tiny(brain.Tokens, brain.Width, brain.TextWidth) with { ProjectorChannels = [32, 16, 8], DecoderChannels = [16, 8, 8], Groups = 4, Attention = attention, StandardizeLatents = true },
            Gpt2 = Gpt2Config.Tiny(positions: Math.Max(64, captionLength + 1)),
            CaptionTokenizer = tokenizer,
            CaptionLength = captionLength,
            PriorCondition = PriorConditionKind.Backbone,
        };
    }

    /// <summary>Checks every part and that their shapes agree; throws with one line naming the first bad field.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Brain);
        ArgumentNullException.ThrowIfNull(Prior);
        ArgumentNullException.ThrowIfNull(Decoupler);
        ArgumentNullException.ThrowIfNull(Gpt2);
        Brain.Validate();
        Prior.Validate();
        Decoupler.Validate();
        Gpt2.Validate();
        void Fail(string m) => throw new ArgumentException($"decoupled model config '{Name}': {m}");
        if (Prior.Tokens != Brain.Tokens || Prior.Dim != Brain.Width)
        {
            Fail($"prior tokens × dim {Prior.Tokens} × {Prior.Dim} differ from the brain's {Brain.Tokens} × {Brain.Width}");
        }

        if (Decoupler.Tokens != Brain.Tokens || Decoupler.Width != Brain.Width || Decoupler.TextWidth != Brain.TextWidth)
        {
            Fail($"decoupler tokens/width/text width {Decoupler.Tokens}/{Decoupler.Width}/{Decoupler.TextWidth} differ from the brain's {Brain.Tokens}/{Brain.Width}/{Brain.TextWidth}");
        }

        if (CaptionLength < 2 || CaptionLength + 1 > Gpt2.Positions)
        {
            Fail($"caption_length must be in [2, {Gpt2.Positions - 1}] (GPT-2 positions minus the prefix), got {CaptionLength}");
        }

        if (CaptionTokenizer == CaptionTokenizerKind.Reference && Gpt2.VocabSize < 49408)
        {
            Fail($"the reference caption tokenizer feeds CLIP BPE ids up to 49407 into GPT-2; vocab_size {Gpt2.VocabSize} is too small");
        }
    }

    /// <summary>Counts the parameters analytically (the brain's, the prior's, the decoupler's and the captioner's).</summary>
    /// <param name="trainableOnly">Whether to leave out the frozen brain (ridge, backbone, clipproj).</param>
    public long ParameterCount(bool trainableOnly = false) =>
        (trainableOnly ? 0 : Brain.ParameterCount()) + Prior.ParameterCount() + Decoupler.ParameterCount() + PrefixCaptionerParameters();

    private long PrefixCaptionerParameters() => Gpt2.ParameterCount(Brain.TextWidth);
}
