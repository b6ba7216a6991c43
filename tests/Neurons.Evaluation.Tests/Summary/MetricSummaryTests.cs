using Neurons.Data.Tables;
using Neurons.Evaluation.Summary;

namespace Neurons.Evaluation.Tests.Summary;

public class MetricSummaryTests
{
    [Fact]
    public void ToJson_FromJson_RoundTripsAndNaNBecomesNull()
    {
        // Given aggregate rows, one without a std
        MetricRow[] rows =
        [
            new() { Metric = "video_nway", Variant = "n=2", Comparison = "gt_vs_gt", Level = MetricRow.AggregateLevel, Value = 1, Std = 0, Count = 24 },
            new() { Metric = "bleu", Variant = "1", Comparison = "gt_vs_gt", Level = MetricRow.AggregateLevel, Value = 1, Count = 24 },
            new() { Metric = "ssim", Variant = "reference", Comparison = "gt_vs_gt", Level = MetricRow.FrameLevel, ClipId = "x", Frame = 0, Value = 1 },
        ];

        // When summarised, written and read back
        var summary = MetricSummary.FromRows(rows, ["a note"]);
        var json = summary.ToJson();
        var back = MetricSummary.FromJson(json);

        // Then only aggregates are kept, the chance level is attached to N-way, NaN is null
        Assert.Equal(2, back.Entries.Count);
        Assert.Equal(0.75, back.Entries[0].ChanceLevel);
        Assert.Null(json["entries"]![1]!["std"]);
        Assert.True(double.IsNaN(back.Entries[1].Std));
        Assert.Equal("gt_vs_gt", back.Comparison);
        Assert.Equal(["a note"], back.Notes);
    }

    [Fact]
    public void PaperNumbers_Load_HasTheTable1AndTable3Values()
    {
        // Given the embedded data file / When loaded / Then it holds the paper's headline numbers
        var paper = PaperNumbers.Load();
        Assert.Equal(0.863, paper.Find("video_nway", "n=2")!.Neurons);
        Assert.Equal(0.262, paper.Find("video_nway", "n=50")!.Neurons);
        Assert.Equal(0.934, paper.Find("clip_pcc", "all_pairs")!.Neurons);
        Assert.Equal(0.238, paper.Find("bleu", "1")!.Neurons);
        Assert.Equal(0.239, paper.Find("cider_d", string.Empty)!.Neurons);
        Assert.Equal(0.3563, paper.Find("dice", "authors")!.Neurons);
        Assert.Equal(0.735, paper.Find("concept_recall", "human")!.Neurons);
        Assert.Null(paper.Find("ssim", "reference")!.Neurons);
    }
}
