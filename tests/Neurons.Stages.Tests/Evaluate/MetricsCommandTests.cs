using Neurons.Cli.Commands;
using Neurons.Evaluation.Summary;

namespace Neurons.Stages.Tests.Evaluate;

public sealed class MetricsCommandTests
{
    [Fact]
    public void Render_PrintsOursNextToPaperAndChance()
    {
        // Given a GT-vs-GT summary with a 50-way entry, a BLEU entry, a concept without positives and a note
        var summary = new MetricSummary(
            "gt_vs_gt",
            [
                new SummaryEntry("video_nway", "n=50", 1.0, 0.0, 24, 3.0 / 52),
                new SummaryEntry("bleu", "1", 1.0, double.NaN, 24, null),
                new SummaryEntry("concept_recall", "building", 0.0, double.NaN, 0, null),
            ],
            ["PSNR of identical frames (+inf) is capped at 100 dB"]);
        var writer = new StringWriter();

        // When rendered
        MetricsCommand.Render(writer, summary, PaperNumbers.Load(), width: null);
        var text = writer.ToString();

        // Then our value, the chance level 3/52 and the paper's NEURONS and NeuroClips numbers are on the rows
        var nway = text.Split('\n').Single(l => l.Contains("video_nway", StringComparison.Ordinal));
        Assert.Contains("1.0000", nway, StringComparison.Ordinal);
        Assert.Contains("0.0577", nway, StringComparison.Ordinal);
        Assert.Contains("0.2620", nway, StringComparison.Ordinal);
        Assert.Contains("0.2200", nway, StringComparison.Ordinal);
        var bleu = text.Split('\n').Single(l => l.Contains("bleu", StringComparison.Ordinal));
        Assert.Contains("0.2380", bleu, StringComparison.Ordinal);
        Assert.DoesNotContain("building", text, StringComparison.Ordinal);
        Assert.Contains("not listed: 1 rows with n = 0", text, StringComparison.Ordinal);
        Assert.Contains("note: PSNR of identical frames", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_PredictedSummary_ShowsEachSubjectThenTheMeanWithNullAndP()
    {
        // Given Dice for subjects 2 and 1 and their mean, each with a null
        var summary = new MetricSummary(
            "pred_vs_gt",
            [
                new SummaryEntry("dice", "authors", 0.41, 0.1, 24, null, 2, 0.20, 0.03, 0.0099, 100, "decoded"),
                new SummaryEntry("dice", "authors", 0.43, 0.1, 24, null, 1, 0.21, 0.02, 0.0099, 100, "decoded"),
                new SummaryEntry("dice", "authors", 0.42, 0.1, 48, null, 0, 0.205, 0.015, 0.0099, 100, "decoded"),
            ],
            []);
        var writer = new StringWriter();

        // When rendered
        MetricsCommand.Render(writer, summary, PaperNumbers.Load(), width: null);
        var lines = writer.ToString().Split('\n').Where(l => l.Contains("dice", StringComparison.Ordinal)).ToList();

        // Then subject 1, subject 2, then the mean, each with "null mean ± std", p and the paper's 0.3563
        Assert.Equal(3, lines.Count);
        Assert.Contains("0.4300", lines[0], StringComparison.Ordinal);
        Assert.Contains("0.4100", lines[1], StringComparison.Ordinal);
        Assert.Contains("mean", lines[2], StringComparison.Ordinal);
        Assert.Contains("0.2050 ± 0.0150", lines[2], StringComparison.Ordinal);
        Assert.Contains("0.010", lines[2], StringComparison.Ordinal);
        Assert.Contains("0.3563", lines[2], StringComparison.Ordinal);
    }
}
