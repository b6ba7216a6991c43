using Neurons.Cli.Commands;
using Neurons.Evaluation.Summary;
using Spectre.Console;

namespace Neurons.Stages.Tests.Evaluate;

public sealed class MetricsCommandTests
{
    [Fact]
    public void Render_PrintsOursNextToPaperAndChance()
    {
        // Given a GT-vs-GT summary with a 50-way entry, a BLEU entry and a note
        var summary = new MetricSummary(
            "gt_vs_gt",
            [
                new SummaryEntry("video_nway", "n=50", 1.0, 0.0, 24, 3.0 / 52),
                new SummaryEntry("bleu", "1", 1.0, double.NaN, 24, null),
                new SummaryEntry("concept_recall", "concept_7", 0.0, double.NaN, 0, null),
            ],
            ["PSNR of identical frames (+inf) is capped at 100 dB"]);
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(writer) });
        console.Profile.Width = 200;

        // When rendered
        MetricsCommand.Render(console, summary, PaperNumbers.Load());
        var text = writer.ToString();

        // Then our value, the chance level 3/52 and the paper's NEURONS and NeuroClips numbers are on the rows
        var nway = text.Split('\n').Single(l => l.Contains("video_nway", StringComparison.Ordinal));
        Assert.Contains("1.0000", nway, StringComparison.Ordinal);
        Assert.Contains("0.0577", nway, StringComparison.Ordinal);
        Assert.Contains("0.2620", nway, StringComparison.Ordinal);
        Assert.Contains("0.2200", nway, StringComparison.Ordinal);
        var bleu = text.Split('\n').Single(l => l.Contains("bleu", StringComparison.Ordinal));
        Assert.Contains("0.2380", bleu, StringComparison.Ordinal);
        Assert.DoesNotContain("concept_7", text, StringComparison.Ordinal);
        Assert.Contains("note: PSNR of identical frames", text, StringComparison.Ordinal);
    }
}
