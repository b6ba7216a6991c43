using System.Text.Json.Serialization;
using Neurons.Model.Losses;

namespace Neurons.Model.Training;

/// <summary>
/// Hyper-parameters of stage-2 training (spec §5, <c>train_neurons.sh</c> with <c>--neurons_decoupler</c>). Defaults
/// are the reference's: batch 10, 50 epochs, AdamW (decay 0.01) + OneCycle to 5e-5 with β1 cycling; the loss weights are
/// the reference's (<see cref="Stage2Loss"/>: prior ×30, SoftCLIP and InfoNCE ×1, progressive wᵢ).
/// </summary>
public sealed record Stage2Options
{
    /// <summary>Gets the number of epochs (also sets the progressive-weight windows).</summary>
    /// <value>Default 50; ≥ 1.</value>
    [JsonPropertyName("epochs")]
    public int Epochs { get; init; } = 50;

    /// <summary>Gets the training batch size (incomplete last batches are dropped, 4320 // 10 = 432 per epoch).</summary>
    /// <value>Default 10; ≥ 2.</value>
    [JsonPropertyName("batch_size")]
    public int BatchSize { get; init; } = 10;

    /// <summary>Gets the OneCycle peak learning rate.</summary>
    /// <value>Default 5e-5.</value>
    [JsonPropertyName("max_lr")]
    public double MaxLr { get; init; } = 5e-5;

    /// <summary>Gets the AdamW weight decay.</summary>
    /// <value>Default 0.01 (torch's AdamW default).</value>
    [JsonPropertyName("weight_decay")]
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>Gets the OneCycle warm-up fraction; 0 means the reference's 2 / epochs.</summary>
    /// <value>Default 0 (= 2 / epochs).</value>
    [JsonPropertyName("pct_start")]
    public double PctStart { get; init; }

    /// <summary>Gets OneCycle's final division factor.</summary>
    /// <value>Default 1000.</value>
    [JsonPropertyName("final_div_factor")]
    public double FinalDivFactor { get; init; } = 1000;

    /// <summary>Gets the seed of initialisation, data order, diffusion noise, condition drops and dropout.</summary>
    /// <value>Default 42.</value>
    [JsonPropertyName("seed")]
    public long Seed { get; init; } = 42;

    /// <summary>Gets the frame whose image tokens are the prior's x₀ target (and the retrieval frame).</summary>
    /// <value>Default 2.</value>
    [JsonPropertyName("prior_frame")]
    public int PriorFrame { get; init; } = 2;

    /// <summary>Gets the SoftCLIP temperature at epoch 0 (cosine-annealed to <see cref="ClipTemperatureEnd"/>).</summary>
    /// <value>Default 0.004.</value>
    [JsonPropertyName("clip_temperature_start")]
    public double ClipTemperatureStart { get; init; } = ContrastiveLosses.SoftClipStartTemperature;

    /// <summary>Gets the SoftCLIP temperature at the last epoch.</summary>
    /// <value>Default 0.0075.</value>
    [JsonPropertyName("clip_temperature_end")]
    public double ClipTemperatureEnd { get; init; } = ContrastiveLosses.SoftClipEndTemperature;

    /// <summary>Gets the text InfoNCE temperature.</summary>
    /// <value>Default 0.1.</value>
    [JsonPropertyName("text_temperature")]
    public double TextTemperature { get; init; } = ContrastiveLosses.TextTemperature;

    /// <summary>Gets the test batch size of the per-epoch evaluation (retrieval is within a batch).</summary>
    /// <value>Default 100.</value>
    [JsonPropertyName("eval_batch_size")]
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
    public int CheckpointEverySteps { get; init; }

    /// <summary>Gets how many step checkpoints are kept besides the best one.</summary>
    /// <value>Default 2; ≥ 1.</value>
    [JsonPropertyName("keep_last")]
    public int KeepLast { get; init; } = 2;

    /// <summary>Gets the interval, in steps, of a full garbage collection that returns native tensor memory.</summary>
    /// <value>Default 100; 0 disables it.</value>
    [JsonPropertyName("gc_every_steps")]
    public int GcEverySteps { get; init; } = 100;

    /// <summary>Gets the number of intra-op CPU threads libtorch may use (process-wide); 0 keeps libtorch's default.</summary>
    /// <value>Default 0.</value>
    [JsonPropertyName("threads")]
    public int Threads { get; init; }

    /// <summary>Gets the effective warm-up fraction.</summary>
    [JsonIgnore]
    public double EffectivePctStart => PctStart > 0 ? PctStart : 2.0 / Epochs;

    /// <summary>Checks the options; throws with one line naming the first bad field.</summary>
    public void Validate()
    {
        static void Fail(string m) => throw new ArgumentException($"train_decoupler options: {m}");
        if (Epochs < 1)
        {
            Fail($"epochs must be ≥ 1, got {Epochs}");
        }

        if (BatchSize < 2 || EvalBatchSize < 2)
        {
            Fail($"batch_size and eval_batch_size must be ≥ 2, got {BatchSize} and {EvalBatchSize}");
        }

        if (MaxLr <= 0)
        {
            Fail($"max_lr must be > 0, got {MaxLr}");
        }

        if (EffectivePctStart is <= 0 or >= 1)
        {
            Fail($"pct_start must be in (0, 1), got {EffectivePctStart} (2 / epochs needs epochs ≥ 3)");
        }

        if (ClipTemperatureStart <= 0 || ClipTemperatureEnd <= 0 || TextTemperature <= 0)
        {
            Fail("clip_temperature_start, clip_temperature_end and text_temperature must be > 0");
        }

        if (PriorFrame < 0)
        {
            Fail($"prior_frame must be ≥ 0, got {PriorFrame}");
        }

        if (KeepLast < 1)
        {
            Fail($"keep_last must be ≥ 1, got {KeepLast}");
        }

        if (CheckpointEverySteps < 0 || GcEverySteps < 0 || Threads < 0)
        {
            Fail("checkpoint_every_steps, gc_every_steps and threads must be ≥ 0");
        }
    }
}
