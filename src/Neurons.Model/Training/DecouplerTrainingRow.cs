using System.Text.Json.Serialization;

namespace Neurons.Model.Training;

/// <summary>
/// One row of the <c>decoupler_training</c> table: one stage-2 epoch of one subject — every loss term and its weight
/// (epoch means), the test metrics and the named trivial baselines they must beat (docs/tables/decoupler_training.md).
/// </summary>
public sealed class DecouplerTrainingRow
{
    /// <summary>Gets or sets the training stage (2).</summary>
    [JsonPropertyName("stage")]
    public int Stage { get; set; } = 2;

    /// <summary>Gets or sets the 1-based subject.</summary>
    [JsonPropertyName("subject")]
    public int Subject { get; set; }

    /// <summary>Gets or sets the model preset (<c>paper</c>, <c>tiny</c>, <c>custom</c>).</summary>
    [JsonPropertyName("config")]
    public string Config { get; set; } = string.Empty;

    /// <summary>Gets or sets the 0-based epoch.</summary>
    [JsonPropertyName("epoch")]
    public int Epoch { get; set; }

    /// <summary>Gets or sets the global optimiser step at the end of the epoch.</summary>
    [JsonPropertyName("step")]
    public long Step { get; set; }

    /// <summary>Gets or sets the optimiser steps of this epoch.</summary>
    [JsonPropertyName("steps")]
    public int Steps { get; set; }

    /// <summary>Gets or sets the learning rate of the epoch's last step.</summary>
    [JsonPropertyName("lr")]
    public double Lr { get; set; }

    /// <summary>Gets or sets the epoch's SoftCLIP temperature.</summary>
    [JsonPropertyName("clip_temperature")]
    public double ClipTemperature { get; set; }

    /// <summary>Gets or sets the epoch mean of the weighted total loss.</summary>
    [JsonPropertyName("train_loss")]
    public double TrainLoss { get; set; }

    /// <summary>Gets or sets the epoch mean of the prior's MSE (unweighted).</summary>
    [JsonPropertyName("train_prior_loss")]
    public double TrainPriorLoss { get; set; }

    /// <summary>Gets or sets the epoch mean of the six-frame SoftCLIP loss.</summary>
    [JsonPropertyName("train_clip_loss")]
    public double TrainClipLoss { get; set; }

    /// <summary>Gets or sets the epoch mean of the caption-embedding InfoNCE.</summary>
    [JsonPropertyName("train_text_loss")]
    public double TrainTextLoss { get; set; }

    /// <summary>Gets or sets the epoch mean of the soft Dice loss of the key-object masks.</summary>
    [JsonPropertyName("train_seg_loss")]
    public double TrainSegLoss { get; set; }

    /// <summary>Gets or sets the epoch mean of the concept BCE.</summary>
    [JsonPropertyName("train_cls_loss")]
    public double TrainClsLoss { get; set; }

    /// <summary>Gets or sets the epoch mean of the captioner's cross-entropy.</summary>
    [JsonPropertyName("train_caption_loss")]
    public double TrainCaptionLoss { get; set; }

    /// <summary>Gets or sets the epoch mean of the latent L1.</summary>
    [JsonPropertyName("train_recon_loss")]
    public double TrainReconLoss { get; set; }

    /// <summary>Gets or sets the prior's weight (constant).</summary>
    [JsonPropertyName("prior_weight")]
    public double PriorWeight { get; set; }

    /// <summary>Gets or sets the SoftCLIP weight (1).</summary>
    [JsonPropertyName("clip_weight")]
    public double ClipWeight { get; set; }

    /// <summary>Gets or sets the InfoNCE weight.</summary>
    [JsonPropertyName("text_weight")]
    public double TextWeight { get; set; }

    /// <summary>Gets or sets the epoch mean of the progressive segmentation weight.</summary>
    [JsonPropertyName("seg_weight")]
    public double SegWeight { get; set; }

    /// <summary>Gets or sets the epoch mean of the progressive classification weight.</summary>
    [JsonPropertyName("cls_weight")]
    public double ClsWeight { get; set; }

    /// <summary>Gets or sets the epoch mean of the progressive captioning weight.</summary>
    [JsonPropertyName("caption_weight")]
    public double CaptionWeight { get; set; }

    /// <summary>Gets or sets the epoch mean of the progressive reconstruction weight.</summary>
    [JsonPropertyName("recon_weight")]
    public double ReconWeight { get; set; }

    /// <summary>Gets or sets the test forward top-1 retrieval of frame-2 motion tokens from the noised-GT prior.</summary>
    [JsonPropertyName("test_fwd_top1")]
    public double TestForwardTop1 { get; set; }

    /// <summary>Gets or sets the test backward top-1 retrieval.</summary>
    [JsonPropertyName("test_bwd_top1")]
    public double TestBackwardTop1 { get; set; }

    /// <summary>Gets or sets the chance level of top-1 retrieval within the evaluation batches.</summary>
    [JsonPropertyName("chance_top1")]
    public double ChanceTop1 { get; set; }

    /// <summary>Gets or sets the test caption token accuracy (teacher-forced argmax, non-pad positions).</summary>
    [JsonPropertyName("test_caption_accuracy")]
    public double TestCaptionAccuracy { get; set; }

    /// <summary>Gets or sets the accuracy of always predicting the most frequent training token.</summary>
    [JsonPropertyName("baseline_caption_accuracy")]
    public double BaselineCaptionAccuracy { get; set; }

    /// <summary>Gets or sets the test concept mean average precision (concepts with a positive test clip).</summary>
    [JsonPropertyName("test_concept_map")]
    public double TestConceptMap { get; set; }

    /// <summary>Gets or sets the mAP of scoring every clip with the training frequencies.</summary>
    [JsonPropertyName("baseline_concept_map")]
    public double BaselineConceptMap { get; set; }

    /// <summary>Gets or sets the test Dice of the thresholded (p &gt; 0.5) key-object masks, summed over all test frames.</summary>
    [JsonPropertyName("test_mask_dice")]
    public double TestMaskDice { get; set; }

    /// <summary>Gets or sets the Dice of the best constant mask (training frequency ≥ θ, θ chosen on the test set).</summary>
    [JsonPropertyName("baseline_mask_dice")]
    public double BaselineMaskDice { get; set; }

    /// <summary>Gets or sets the test L1 of the reconstruction head's latents.</summary>
    [JsonPropertyName("test_latent_l1")]
    public double TestLatentL1 { get; set; }

    /// <summary>Gets or sets the L1 of the mean training latent.</summary>
    [JsonPropertyName("baseline_latent_l1")]
    public double BaselineLatentL1 { get; set; }

    /// <summary>Gets or sets the mean cosine of the prior's output to the frame's target tokens.</summary>
    [JsonPropertyName("test_prior_cosine")]
    public double TestPriorCosine { get; set; }

    /// <summary>Gets or sets the mean cosine of the stage-1 output (clip_vision_embeds) to the same tokens.</summary>
    [JsonPropertyName("baseline_prior_cosine")]
    public double BaselinePriorCosine { get; set; }

    /// <summary>Gets or sets which prior output the sub-task metrics used: <c>sampled</c> (DDPM from the brain) or <c>noised_gt</c>.</summary>
    [JsonPropertyName("eval_path")]
    public string EvalPath { get; set; } = "sampled";

    /// <summary>Gets or sets the checkpoint-selection metric: fwd + bwd top-1 + caption accuracy.</summary>
    [JsonPropertyName("selection")]
    public double Selection { get; set; }

    /// <summary>Gets or sets whether this epoch's selection was the best so far.</summary>
    [JsonPropertyName("is_best")]
    public bool IsBest { get; set; }

    /// <summary>Gets or sets the wall time of the epoch's steps.</summary>
    [JsonPropertyName("train_seconds")]
    public double TrainSeconds { get; set; }

    /// <summary>Gets or sets the wall time of the epoch's evaluation.</summary>
    [JsonPropertyName("eval_seconds")]
    public double EvalSeconds { get; set; }
}
