using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Neurons.Model.Losses;

namespace Neurons.Model.Training;

/// <summary>
/// Hyper-parameters of stage-1 training (docs/model.md; <c>train_neurons.sh</c> stage 1). Defaults are the reference's.
/// </summary>
public sealed record Stage1Options : IValidatableObject
{
    /// <summary>
    /// Gets a PyTorch checkpoint to initialise from before training, as the reference does with MindEye2's
    /// <c>last.pth</c> (<c>load_state_dict(strict=False)</c>; the backbone only: the ridge and the text projection stay fresh); a <c>.pth</c> or its safetensors conversion
    /// (docs/checkpoints.md). Ignored when resuming from this run's own checkpoints.
    /// </summary>
    /// <value>Default empty (fresh weights).</value>
    [JsonPropertyName("init_from")]
    public string InitFrom { get; init; } = string.Empty;

    /// <summary>Gets the number of epochs.</summary>
    /// <value>Default 30; ≥ 1.</value>
    [JsonPropertyName("epochs")]
    [Range(1, 100_000)]
    public int Epochs { get; init; } = 30;

    /// <summary>Gets the training batch size (incomplete last batches are dropped, 4320 // 120 = 36 per epoch).</summary>
    /// <value>Default 120; ≥ 2.</value>
    [JsonPropertyName("batch_size")]
    [Range(2, 1_000_000)]
    public int BatchSize { get; init; } = 120;

    /// <summary>Gets the OneCycle peak learning rate.</summary>
    /// <value>Default 5e-5.</value>
    [JsonPropertyName("max_lr")]
    [Range(1e-12, 10.0)]
    public double MaxLr { get; init; } = 5e-5;

    /// <summary>Gets the AdamW weight decay.</summary>
    /// <value>Default 0.01 (torch's AdamW default; NEURONS sets only the lr).</value>
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

    /// <summary>Gets the seed of weight initialisation, data order, dropout and MixCo.</summary>
    /// <value>Default 42.</value>
    [JsonPropertyName("seed")]
    public long Seed { get; init; } = 42;

    /// <summary>Gets the fraction of epochs trained with BiMixCo; later epochs use SoftCLIP with an annealed temperature.</summary>
    /// <value>Default 1.0 (NEURONS stage 1: BiMixCo throughout).</value>
    [JsonPropertyName("mixup_pct")]
    [Range(0.0, 1.0)]
    public double MixupPct { get; init; } = 1.0;

    /// <summary>Gets the BiMixCo temperature.</summary>
    /// <value>Default 0.006.</value>
    [JsonPropertyName("clip_temperature")]
    [Range(1e-6, 100.0)]
    public double ClipTemperature { get; init; } = ContrastiveLosses.BiMixCoTemperature;

    /// <summary>Gets the text InfoNCE temperature.</summary>
    /// <value>Default 0.1.</value>
    [JsonPropertyName("text_temperature")]
    [Range(1e-6, 100.0)]
    public double TextTemperature { get; init; } = ContrastiveLosses.TextTemperature;

    /// <summary>Gets the weight of the text loss.</summary>
    /// <value>Default 0.25.</value>
    [JsonPropertyName("text_weight")]
    [Range(0.0, 1e6)]
    public double TextWeight { get; init; } = 0.25;

    /// <summary>Gets the MixCo Beta concentration.</summary>
    /// <value>Default 0.15.</value>
    [JsonPropertyName("mix_beta")]
    [Range(1e-6, 1e6)]
    public double MixBeta { get; init; } = 0.15;

    /// <summary>Gets the probability that a sample is mixed.</summary>
    /// <value>Default 0.5.</value>
    [JsonPropertyName("mix_probability")]
    [Range(0.0, 1.0)]
    public double MixProbability { get; init; } = 0.5;

    /// <summary>Gets the target frame on even epochs (odd epochs use <see cref="FrameOdd"/>).</summary>
    /// <value>Default 2.</value>
    [JsonPropertyName("frame_even")]
    [Range(0, 5)]
    public int FrameEven { get; init; } = 2;

    /// <summary>Gets the target frame on odd epochs.</summary>
    /// <value>Default 3.</value>
    [JsonPropertyName("frame_odd")]
    [Range(0, 5)]
    public int FrameOdd { get; init; } = 3;

    /// <summary>Gets the test batch size of the per-epoch retrieval evaluation (retrieval is within a batch).</summary>
    /// <value>Default 100.</value>
    [JsonPropertyName("eval_batch_size")]
    [Range(2, 1_000_000)]
    public int EvalBatchSize { get; init; } = 100;

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

    /// <summary>Gets the interval, in steps, of a full garbage collection that returns native tensor memory (docs/model.md § Trainer).</summary>
    /// <value>Default 100; 0 disables it.</value>
    [JsonPropertyName("gc_every_steps")]
    [Range(0, int.MaxValue)]
    public int GcEverySteps { get; init; } = 100;

    /// <summary>
    /// Gets the number of intra-op CPU threads libtorch may use (process-wide); 0 keeps libtorch's default (one per
    /// core). On a shared or oversubscribed machine 1 is far faster for small models: OpenMP's spinning barriers
    /// stall when other processes hold the cores (measured: tiny steps 10 ms with 1 thread vs ~1 s with 2 at load 27).
    /// </summary>
    /// <value>Default 0.</value>
    [JsonPropertyName("threads")]
    [Range(0, 4096)]
    public int Threads { get; init; }

    /// <summary>Gets the effective warm-up fraction.</summary>
    [JsonIgnore]
    public double EffectivePctStart => PctStart > 0 ? PctStart : 2.0 / Epochs;

    /// <summary>Checks the options against their rules (the same ones the stage reports before a run); throws with one line naming the first bad field.</summary>
    public void Validate() => TrainingOptionRules.ThrowIfInvalid(this, "train");

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
