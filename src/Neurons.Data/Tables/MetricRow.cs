using System.Text.Json.Serialization;

namespace Neurons.Data.Tables;

/// <summary>
/// One row of the <c>metrics</c> table: one value of one metric, per clip, per clip frame, or aggregated
/// over the evaluated clips (see <c>docs/tables/metrics.md</c>).
/// </summary>
public sealed class MetricRow
{
    /// <summary>Level of a per-clip value.</summary>
    public const string ClipLevel = "clip";

    /// <summary>Level of a per-frame value.</summary>
    public const string FrameLevel = "frame";

    /// <summary>Level of an aggregate over clips.</summary>
    public const string AggregateLevel = "aggregate";

    /// <summary>Gets or sets the metric (<c>ssim</c>, <c>psnr</c>, <c>dice</c>, <c>bleu</c>, <c>cider_d</c>, <c>verb_accuracy</c>, <c>video_nway</c>, <c>frame_nway</c>, <c>clip_pcc</c>, <c>concept_recall</c>).</summary>
    [JsonPropertyName("metric")]
    public string Metric { get; set; } = string.Empty;

    /// <summary>Gets or sets the variant (<c>reference</c>/<c>2d</c>, <c>authors</c>/<c>plain</c>, <c>1</c>..<c>4</c>, <c>n=2</c>/<c>n=50</c>, <c>all_pairs</c>/<c>adjacent</c>, <c>any</c>/<c>first</c>, a concept name, or empty).</summary>
    [JsonPropertyName("variant")]
    public string Variant { get; set; } = string.Empty;

    /// <summary>Gets or sets what was compared: <c>gt_vs_gt</c> (the sanity run) or <c>pred_vs_gt</c>.</summary>
    [JsonPropertyName("comparison")]
    public string Comparison { get; set; } = string.Empty;

    /// <summary>Gets or sets which prediction was scored: <c>decoded</c> (the decode stage's blurry frames, masks, concepts and captions), <c>generated</c> (generated videos), or empty in the sanity run.</summary>
    [JsonPropertyName("prediction")]
    public string Prediction { get; set; } = string.Empty;

    /// <summary>Gets or sets the subject whose predictions were scored; 0 for the mean over subjects and in the sanity run.</summary>
    [JsonPropertyName("subject")]
    public int Subject { get; set; }

    /// <summary>Gets or sets <c>clip</c>, <c>frame</c> or <c>aggregate</c>.</summary>
    [JsonPropertyName("level")]
    public string Level { get; set; } = string.Empty;

    /// <summary>Gets or sets the clip id; empty for aggregates.</summary>
    [JsonPropertyName("clip_id")]
    public string ClipId { get; set; } = string.Empty;

    /// <summary>Gets or sets the frame index (0–5) of a per-frame value; −1 otherwise.</summary>
    [JsonPropertyName("frame")]
    public int Frame { get; set; } = -1;

    /// <summary>Gets or sets the value.</summary>
    [JsonPropertyName("value")]
    public double Value { get; set; }

    /// <summary>Gets or sets the spread the reference reports as "±" for aggregates (NaN when none).</summary>
    [JsonPropertyName("std")]
    public double Std { get; set; } = double.NaN;

    /// <summary>Gets or sets how many clips (or clip frames) the value covers.</summary>
    [JsonPropertyName("count")]
    public int Count { get; set; } = 1;

    /// <summary>Gets or sets, for aggregates, the mean of the permutation null (predictions paired to other clips); NaN where none.</summary>
    [JsonPropertyName("null_mean")]
    public double NullMean { get; set; } = double.NaN;

    /// <summary>Gets or sets the population std of the permutation null; NaN where none.</summary>
    [JsonPropertyName("null_std")]
    public double NullStd { get; set; } = double.NaN;

    /// <summary>Gets or sets the one-sided permutation p-value (1 + #null at least as good) / (1 + permutations); NaN where none.</summary>
    [JsonPropertyName("p_value")]
    public double PValue { get; set; } = double.NaN;

    /// <summary>Gets or sets the number of permutations of the null; 0 where none.</summary>
    [JsonPropertyName("null_permutations")]
    public int NullPermutations { get; set; }
}
