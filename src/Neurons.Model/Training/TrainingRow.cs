using System.Text.Json.Serialization;

namespace Neurons.Model.Training;

/// <summary>
/// One row of the <c>training</c> table (docs/tables/training.md): the history of one epoch of one subject's
/// stage-1 training — mean training losses, learning rate, and the test retrieval metrics.
/// </summary>
public sealed class TrainingRow
{
    /// <summary>Gets or sets the training stage (<c>1</c> = brain model).</summary>
    [JsonPropertyName("stage")]
    public int Stage { get; set; } = 1;

    /// <summary>Gets or sets the subject (1-based, as in cc2017).</summary>
    [JsonPropertyName("subject")]
    public int Subject { get; set; }

    /// <summary>Gets or sets the model configuration (<c>paper</c> or <c>tiny</c>).</summary>
    [JsonPropertyName("config")]
    public string Config { get; set; } = string.Empty;

    /// <summary>Gets or sets the epoch (0-based).</summary>
    [JsonPropertyName("epoch")]
    public int Epoch { get; set; }

    /// <summary>Gets or sets the optimiser steps completed at the end of the epoch.</summary>
    [JsonPropertyName("step")]
    public long Step { get; set; }

    /// <summary>Gets or sets the training repeat used this epoch (epoch parity).</summary>
    [JsonPropertyName("repeat")]
    public int Repeat { get; set; }

    /// <summary>Gets or sets the target frame used this epoch (epoch parity).</summary>
    [JsonPropertyName("frame")]
    public int Frame { get; set; }

    /// <summary>Gets or sets the vision loss used (<c>bimixco</c> or <c>softclip</c>).</summary>
    [JsonPropertyName("vision_loss")]
    public string VisionLoss { get; set; } = string.Empty;

    /// <summary>Gets or sets the learning rate of the epoch's last step.</summary>
    [JsonPropertyName("lr")]
    public double Lr { get; set; }

    /// <summary>Gets or sets the mean total training loss.</summary>
    [JsonPropertyName("train_loss")]
    public double TrainLoss { get; set; }

    /// <summary>Gets or sets the mean training vision loss.</summary>
    [JsonPropertyName("train_clip_loss")]
    public double TrainClipLoss { get; set; }

    /// <summary>Gets or sets the mean training text loss (before weighting).</summary>
    [JsonPropertyName("train_text_loss")]
    public double TrainTextLoss { get; set; }

    /// <summary>Gets or sets the test InfoNCE of the vision prediction (unmixed).</summary>
    [JsonPropertyName("test_clip_loss")]
    public double TestClipLoss { get; set; }

    /// <summary>Gets or sets the test brain → image top-1 retrieval.</summary>
    [JsonPropertyName("test_fwd_top1")]
    public double TestForwardTop1 { get; set; }

    /// <summary>Gets or sets the test image → brain top-1 retrieval.</summary>
    [JsonPropertyName("test_bwd_top1")]
    public double TestBackwardTop1 { get; set; }

    /// <summary>Gets or sets the test brain → caption top-5 retrieval.</summary>
    [JsonPropertyName("test_text_top5")]
    public double TestTextTop5 { get; set; }

    /// <summary>Gets or sets the top-1 chance level of the test batches.</summary>
    [JsonPropertyName("chance_top1")]
    public double ChanceTop1 { get; set; }

    /// <summary>Gets or sets the selection metric (fwd top-1 + bwd top-1 + text top-5).</summary>
    [JsonPropertyName("selection")]
    public double Selection { get; set; }

    /// <summary>Gets or sets whether this epoch produced the best checkpoint so far.</summary>
    [JsonPropertyName("is_best")]
    public bool IsBest { get; set; }

    /// <summary>Gets or sets the wall time of the epoch's training steps in seconds.</summary>
    [JsonPropertyName("train_seconds")]
    public double TrainSeconds { get; set; }

    /// <summary>Gets or sets the share of the epoch's step time spent waiting for data.</summary>
    [JsonPropertyName("data_wait_share")]
    public double DataWaitShare { get; set; }
}
