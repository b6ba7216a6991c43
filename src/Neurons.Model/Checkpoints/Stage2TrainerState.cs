using System.Text.Json.Serialization;
using Neurons.Model.Training;

namespace Neurons.Model.Checkpoints;

/// <summary>
/// The position and running sums of a stage-2 run, stored as JSON in every checkpoint so a resumed run continues
/// exactly where the saved one stopped (epoch, batch, step, the epoch's data order, loss and weight sums, history).
/// </summary>
public sealed class Stage2TrainerState
{
    /// <summary>The number of per-epoch sums: 8 loss terms (total, prior, clip, text, seg, cls, caption, recon) and 4 progressive weights.</summary>
    public const int SumCount = 12;

    /// <summary>Gets or sets the epoch in progress (0-based).</summary>
    [JsonPropertyName("epoch")]
    public int Epoch { get; set; }

    /// <summary>Gets or sets the next batch of <see cref="Epoch"/>.</summary>
    [JsonPropertyName("batch")]
    public int Batch { get; set; }

    /// <summary>Gets or sets the optimiser steps done.</summary>
    [JsonPropertyName("global_step")]
    public long GlobalStep { get; set; }

    /// <summary>Gets or sets the data order of <see cref="Epoch"/> (empty between epochs).</summary>
    [JsonPropertyName("data_order")]
    public int[] DataOrder { get; set; } = [];

    /// <summary>Gets or sets the running sums of the epoch's loss terms and weights (<see cref="SumCount"/> values).</summary>
    [JsonPropertyName("epoch_sums")]
    public double[] EpochSums { get; set; } = new double[SumCount];

    /// <summary>Gets or sets the epoch's step time so far.</summary>
    [JsonPropertyName("epoch_seconds")]
    public double EpochSeconds { get; set; }

    /// <summary>Gets or sets the best selection metric so far (−1 before the first evaluation).</summary>
    [JsonPropertyName("best_selection")]
    public double BestSelection { get; set; } = -1;

    /// <summary>Gets or sets the epoch of <see cref="BestSelection"/>.</summary>
    [JsonPropertyName("best_epoch")]
    public int BestEpoch { get; set; } = -1;

    /// <summary>Gets or sets the rows of the completed epochs.</summary>
    [JsonPropertyName("history")]
    public List<DecouplerTrainingRow> History { get; set; } = [];
}
