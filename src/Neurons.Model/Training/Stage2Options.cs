using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Neurons.Model.Losses;

namespace Neurons.Model.Training;

/// <summary>
/// Hyper-parameters of stage-2 training (docs/model.md; <c>train_neurons.sh</c> with <c>--neurons_decoupler</c>). Defaults
/// are the reference's: batch 10, 50 epochs, AdamW (decay 0.01) + OneCycle to 5e-5 with β1 cycling; the loss weights are
/// the reference's (<see cref="Stage2Loss"/>: prior ×30, SoftCLIP and InfoNCE ×1, progressive wᵢ).
/// </summary>
public sealed record Stage2Options : IValidatableObject
{
    /// <summary>
    /// Gets a PyTorch checkpoint to initialise from before training, as the reference does with MindEye2's
    /// <c>last.pth</c> (<c>load_state_dict(strict=False)</c>; the backbone and the diffusion prior; the stage-1 brain is loaded over the backbone afterwards); a <c>.pth</c> or its safetensors conversion
    /// (docs/checkpoints.md). Ignored when resuming from this run's own checkpoints.
    /// </summary>
    /// <value>Default empty (fresh weights).</value>
    [JsonPropertyName("init_from")]
    public string InitFrom { get; init; } = string.Empty;

    /// <summary>Gets the number of epochs (also sets the progressive-weight windows).</summary>
    /// <value>Default 50; ≥ 1.</value>
    [JsonPropertyName("epochs")]
    [Range(1, 100_000)]
    public int Epochs { get; init; } = 50;

    /// <summary>Gets the training batch size (incomplete last batches are dropped, 4320 // 10 = 432 per epoch).</summary>
    /// <value>Default 10; ≥ 2.</value>
    [JsonPropertyName("batch_size")]
    [Range(2, 100_000)]
    public int BatchSize { get; init; } = 10;

    /// <summary>Gets the OneCycle peak learning rate.</summary>
    /// <value>Default 5e-5.</value>
    [JsonPropertyName("max_lr")]
    [Range(1e-12, 10.0)]
    public double MaxLr { get; init; } = 5e-5;

    /// <summary>Gets the AdamW weight decay.</summary>
    /// <value>Default 0.01 (torch's AdamW default).</value>
    [JsonPropertyName("weight_decay")]
    [Range(0.0, 10.0)]
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>Gets the OneCycle warm-up fraction; 0 means the reference's 2 / epochs.</summary>
    /// <value>Default 0 (= 2 / epochs).</value>
    [JsonPropertyName("pct_start")]
    [Range(0.0, 0.999)]
    public double PctStart { get; init; }

    /// <summary>Gets OneCycle's final division factor.</summary>
    /// <value>Default 1000.</value>
    [JsonPropertyName("final_div_factor")]
    [Range(1.0, 1e12)]
    public double FinalDivFactor { get; init; } = 1000;

    /// <summary>Gets the seed of initialisation, data order, diffusion noise, condition drops and dropout.</summary>
    /// <value>Default 42.</value>
    [JsonPropertyName("seed")]
    public long Seed { get; init; } = 42;

    /// <summary>Gets the frame whose image tokens are the prior's x₀ target (and the retrieval frame).</summary>
    /// <value>Default 2.</value>
    [JsonPropertyName("prior_frame")]
    [Range(0, 5)]
    public int PriorFrame { get; init; } = 2;

    /// <summary>Gets the SoftCLIP temperature at epoch 0 (cosine-annealed to <see cref="ClipTemperatureEnd"/>).</summary>
    /// <value>Default 0.004.</value>
    [JsonPropertyName("clip_temperature_start")]
    [Range(1e-9, 100.0)]
    public double ClipTemperatureStart { get; init; } = ContrastiveLosses.SoftClipStartTemperature;

    /// <summary>Gets the SoftCLIP temperature at the last epoch.</summary>
    /// <value>Default 0.0075.</value>
    [JsonPropertyName("clip_temperature_end")]
    [Range(1e-9, 100.0)]
    public double ClipTemperatureEnd { get; init; } = ContrastiveLosses.SoftClipEndTemperature;

    /// <summary>Gets the text InfoNCE temperature.</summary>
    /// <value>Default 0.1.</value>
    [JsonPropertyName("text_temperature")]
    [Range(1e-9, 100.0)]
    public double TextTemperature { get; init; } = ContrastiveLosses.TextTemperature;

    /// <summary>Gets the test batch size of the per-epoch evaluation (retrieval is within a batch).</summary>
    /// <value>Default 100.</value>
    [JsonPropertyName("eval_batch_size")]
    [Range(2, 100_000)]
    public int EvalBatchSize { get; init; } = 100;

    /// <summary>
    /// Gets whether the per-epoch sub-task metrics (caption accuracy, concept mAP, mask Dice, latent L1, prior cosine)
    /// run on DDPM samples of the prior from the brain alone (the inference path); false uses the prior's x₀ from
    /// noised ground-truth tokens, as the reference's retrieval metric does.
    /// </summary>
    /// <value>Default true.</value>
    [JsonPropertyName("eval_sampling")]
    public bool EvalSampling { get; init; } = true;

    /// <summary>Gets the interval of mid-epoch checkpoints in optimiser steps; 0 = only at epoch ends.</summary>
    /// <value>Default 0.</value>
    [JsonPropertyName("checkpoint_every_steps")]
    [Range(0, int.MaxValue)]
    public int CheckpointEverySteps { get; init; }

    /// <summary>Gets how many step checkpoints are kept besides the best one.</summary>
    /// <value>Default 2; ≥ 1.</value>
    [JsonPropertyName("keep_last")]
    [Range(1, 1000)]
    public int KeepLast { get; init; } = 2;

    /// <summary>Gets the interval, in steps, of a full garbage collection that returns native tensor memory.</summary>
    /// <value>Default 100; 0 disables it.</value>
    [JsonPropertyName("gc_every_steps")]
    [Range(0, int.MaxValue)]
    public int GcEverySteps { get; init; } = 100;

    /// <summary>Gets the number of intra-op CPU threads libtorch may use (process-wide); 0 keeps libtorch's default.</summary>
    /// <value>Default 0.</value>
    [JsonPropertyName("threads")]
    [Range(0, 4096)]
    public int Threads { get; init; }

    /// <summary>Gets the effective warm-up fraction.</summary>
    [JsonIgnore]
    public double EffectivePctStart => PctStart > 0 ? PctStart : 2.0 / Epochs;

    /// <summary>Checks the options against their rules (the same ones the stage reports before a run); throws with one line naming the first bad field.</summary>
    public void Validate() => TrainingOptionRules.ThrowIfInvalid(this, "train_decoupler");

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // A bad epoch count is reported by its own rule; 2 / epochs is meaningless then.
        if (Epochs >= 1 && EffectivePctStart is <= 0 or >= 1)
        {
            yield return new ValidationResult($"pct_start must be in (0, 1), got {EffectivePctStart} (2 / epochs needs epochs ≥ 3)", [nameof(PctStart)]);
        }
    }
}
