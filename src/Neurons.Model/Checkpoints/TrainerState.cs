using System.Text.Json.Serialization;
using Neurons.Model.Training;

namespace Neurons.Model.Checkpoints;

/// <summary>The non-tensor state of a training run, stored as JSON in each checkpoint's metadata.</summary>
public sealed class TrainerState
{
    /// <summary>Gets or sets the epoch to continue in.</summary>
    [JsonPropertyName("epoch")]
    public int Epoch { get; set; }

    /// <summary>Gets or sets the batch of <see cref="Epoch"/> to continue with (0 = the epoch has not started).</summary>
    [JsonPropertyName("batch")]
    public int Batch { get; set; }

    /// <summary>Gets or sets the optimiser steps taken (also the OneCycle position).</summary>
    [JsonPropertyName("global_step")]
    public long GlobalStep { get; set; }

    /// <summary>Gets or sets the clip order of <see cref="Epoch"/> (recorded so a resume can verify it).</summary>
    [JsonPropertyName("data_order")]
    public int[] DataOrder { get; set; } = [];

    /// <summary>Gets or sets the running sums of the current epoch's losses: total, vision, text.</summary>
    [JsonPropertyName("epoch_loss_sums")]
    public double[] EpochLossSums { get; set; } = new double[3];

    /// <summary>Gets or sets the training seconds of the current epoch so far.</summary>
    [JsonPropertyName("epoch_seconds")]
    public double EpochSeconds { get; set; }

    /// <summary>Gets or sets the data-wait seconds of the current epoch so far.</summary>
    [JsonPropertyName("epoch_wait_seconds")]
    public double EpochWaitSeconds { get; set; }

    /// <summary>Gets or sets the best selection metric so far (−1 before the first evaluation).</summary>
    [JsonPropertyName("best_selection")]
    public double BestSelection { get; set; } = -1;

    /// <summary>Gets or sets the epoch of the best checkpoint (−1 if none).</summary>
    [JsonPropertyName("best_epoch")]
    public int BestEpoch { get; set; } = -1;

    /// <summary>Gets or sets the history of completed epochs.</summary>
    [JsonPropertyName("history")]
    public List<TrainingRow> History { get; set; } = [];
}
