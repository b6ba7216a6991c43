using System.ComponentModel.DataAnnotations;

namespace Neurons.Stages.TrainDecoupler;

/// <summary>
/// The <c>train_decoupler</c> stage's own parameters (snake_case keys in <c>stage.yaml</c>; defaults = NEURONS stage 2).
/// The trainer's hyper-parameters are the library's <see cref="Neurons.Model.Training.Stage2Options"/>, bound from the same parameters.
/// </summary>
public sealed record TrainDecouplerOptions : IValidatableObject
{
    /// <summary>Gets the size preset of the stage-2 parts (the brain's comes from the stage-1 export).</summary>
    /// <value><c>paper</c>; or <c>tiny</c>.</value>
    [RegularExpression("^(paper|tiny)$")]
    public string Config { get; init; } = "paper";

    /// <summary>Gets how the text-driven decoder groups the batch.</summary>
    /// <value><c>per_clip_residual</c> (per clip with the query residual); <c>per_clip</c> (the paper literally); or <c>reference</c> (the authors' code: attention across the batch).</value>
    [RegularExpression("^(per_clip_residual|per_clip|reference)$")]
    public string Attention { get; init; } = "per_clip_residual";

    /// <summary>Gets which ids the GPT-2 captioner predicts.</summary>
    /// <value><c>gpt2</c> (GPT-2 BPE); or <c>reference</c> (CLIP BPE ids fed to GPT-2, needs clip_vocab and clip_merges).</value>
    [RegularExpression("^(gpt2|reference)$")]
    public string CaptionTokenizer { get; init; } = "gpt2";

    /// <summary>Gets the caption target length in tokens.</summary>
    /// <value>60; 2–1000.</value>
    [Range(2, 1000)]
    public int CaptionLength { get; init; } = 60;

    /// <summary>Gets the Hugging Face <c>gpt2</c> safetensors file the captioner starts from.</summary>
    /// <value>Empty = GPT-2 from random initial weights (the tiny preset).</value>
    public string Gpt2Weights { get; init; } = string.Empty;

    /// <summary>Gets CLIP's <c>vocab.json</c> (the reference caption tokenizer).</summary>
    /// <value>Empty (required only with caption_tokenizer reference).</value>
    public string ClipVocab { get; init; } = string.Empty;

    /// <summary>Gets CLIP's <c>merges.txt</c> (the reference caption tokenizer).</summary>
    /// <value>Empty (required only with caption_tokenizer reference).</value>
    public string ClipMerges { get; init; } = string.Empty;

    /// <summary>Gets the subjects to train (empty = every subject with a stage-1 model).</summary>
    /// <value>Empty.</value>
    public List<int> Subjects { get; init; } = [];

    /// <summary>Gets the training device.</summary>
    /// <value><c>auto</c> (CUDA when present); <c>cpu</c> or <c>cuda</c>.</value>
    [RegularExpression("^(auto|cpu|cuda)$")]
    public string Device { get; init; } = "auto";

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CaptionTokenizer == "reference" && (ClipVocab.Length == 0 || ClipMerges.Length == 0))
        {
            yield return new ValidationResult("caption_tokenizer reference needs clip_vocab and clip_merges (the targets stage's CLIP files)", [nameof(CaptionTokenizer)]);
        }
    }
}
