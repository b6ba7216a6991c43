using Neurons.Cli.Tests.Support;
using Neurons.Data.Tables;
using Neurons.Engine.Workspace;
using Neurons.Evaluation.Summary;

namespace Neurons.Cli.Tests;

public sealed class MetricsCommandTests
{
    // Written as the evaluate stage writes them (the mini run's numbers, one concept without positives, a long concept name, a second prediction).
    private static readonly SummaryEntry[] Entries =
    [
        new("ssim", "reference", 0.8620143888410031, 0.008084178527938512, 24, null, 1, 0.8619686650475161, 2.0484945728665095e-05, 0.009900990099009901, 100, "decoded"),
        new("psnr", string.Empty, 16.088765590879056, 0.9730636040778365, 24, null, 1, 16.090388320054945, 0.002273143192683825, 0.7128712871287128, 100, "decoded"),
        new("video_nway", "n=50", 1.0, 0.0, 24, 3.0 / 52, 1, 1.0, 0.0, 1.0, 100, "decoded"),
        new("concept_recall", "climate/atmosphere component", 0.5, double.NaN, 2, null, 1, 0.25, 0.125, 0.0004, 100, "decoded"),
        new("concept_recall", "building", 0.0, double.NaN, 0, null, 1, double.NaN, double.NaN, double.NaN, 0, "decoded"),
        new("bleu", "1", 0.42289, double.NaN, 24, null, 1, 0.42289, 0.0, 1.0, 100, "decoded"),
        new("clip_pcc", "all_pairs", 0.5143, 0.0002, 24, null, 1, double.NaN, double.NaN, double.NaN, 0, "generated"),
    ];

    // The cells `pipeline metrics` must print for the listed entries, column by column (the n = 0 concept is left out).
    private static readonly string[][] Expected =
    [
        ["decoded", "1", "ssim", "reference", "0.8620", "0.0081", "0.8620 ± 0.0000", "0.010", "24", string.Empty, string.Empty, string.Empty, "[1]"],
        ["decoded", "1", "psnr", string.Empty, "16.0888", "0.9731", "16.0904 ± 0.0023", "0.713", "24", string.Empty, string.Empty, string.Empty, "[1]"],
        ["decoded", "1", "video_nway", "n=50", "1.0000", "0.0000", "1.0000 ± 0.0000", "1.000", "24", "0.0577", "0.2620", "0.2200", "[2]"],
        ["decoded", "1", "concept_recall", "climate/atmosphere component", "0.5000", string.Empty, "0.2500 ± 0.1250", "4.0e-4", "2", string.Empty, string.Empty, string.Empty, string.Empty],
        ["decoded", "1", "bleu", "1", "0.4229", string.Empty, "0.4229 ± 0.0000", "1.000", "24", string.Empty, "0.2380", "0.2270", "[3]"],
        ["generated", "1", "clip_pcc", "all_pairs", "0.5143", "0.0002", string.Empty, string.Empty, "24", string.Empty, "0.9340", "0.7380", "[4]"],
    ];

    [Fact]
    public async Task Metrics_WhenOutputIsNotATerminal_PrintsOneAlignedLinePerRowWithEveryColumnAndFootnotes()
    {
        // Given a committed metrics table whose sidecar holds the evaluate stage's summary
        using var project = new MiniProject();
        var store = new ShardStore(Path.Combine(project.Root, "ws"));
        var temp = store.NewTempPath("metrics", "all");
        await ParquetRows.WriteAsync(temp, new List<MetricRow>(), CancellationToken.None);
        store.Commit(temp, new Sidecar
        {
            Stage = "evaluate",
            Table = "metrics",
            Shard = "all",
            Split = "all",
            Fingerprint = "test",
            Rows = 0,
            Sha256 = string.Empty,
            Versions = new SidecarVersions("test", "1", Environment.Version.ToString()),
            Provenance = new Provenance { StageVersion = "1", Parameters = [], Inputs = new(StringComparer.Ordinal), Sources = new(StringComparer.Ordinal), Files = new(StringComparer.Ordinal) },
            Metadata = new() { ["summary"] = new MetricSummary("pred_vs_gt", Entries, ["verb accuracy: 24 clips"]).ToJson() },
        });

        // When `pipeline metrics` writes into a pipe (not a terminal)
        var result = await project.RunAsync("metrics");

        // Then the title, the 13 headers over a dash line, then exactly one line per listed row
        Assert.True(result.ExitCode == 0, result.Stderr);
        var lines = result.Stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("metrics (pred_vs_gt)", lines[0]);
        var spans = Spans(lines[2]);
        Assert.Equal(13, spans.Count);
        Assert.Equal(
            ["prediction", "subject", "metric", "variant", "value", "±", "null mean ± std", "p", "n", "chance", "NEURONS", "NeuroClips", "paper source"],
            Cells(lines[1], spans));
        var rows = lines.Skip(3).TakeWhile(l => !l.StartsWith('[')).ToList();
        Assert.Equal(Expected.Length, rows.Count);
        for (var i = 0; i < Expected.Length; i++)
        {
            // every value whole, in its own column (nothing wrapped onto another line)
            Assert.Equal(Expected[i], Cells(rows[i], spans));
        }

        // And the paper-source markers are footnotes; the n = 0 concept is counted, not listed; the notes follow
        var after = lines.Skip(3 + rows.Count).ToList();
        Assert.Equal(["[1] Supplementary Table a (not available)", "[2] Table 1", "[3] Table 3", "[4] Table 1 (the code averages all 15 pairs)"], after.Take(4));
        Assert.DoesNotContain("building", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("not listed: 1 rows with n = 0 (concepts no evaluated clip has; recall 0 by the authors' rule, no null); --json keeps them", after);
        Assert.Contains("note: verb accuracy: 24 clips", after);

        // And --json keeps the n = 0 entry
        var json = await project.RunAsync("metrics", "--json");
        Assert.Equal(0, json.ExitCode);
        Assert.Contains("\"building\"", json.Stdout, StringComparison.Ordinal);
    }

    /// <summary>The (start, length) of each run of dashes of the rule under the header.</summary>
    private static List<(int Start, int Length)> Spans(string rule)
    {
        var spans = new List<(int, int)>();
        for (var i = 0; i < rule.Length; i++)
        {
            if (rule[i] != '-')
            {
                continue;
            }

            var start = i;
            while (i < rule.Length && rule[i] == '-')
            {
                i++;
            }

            spans.Add((start, i - start));
        }

        return spans;
    }

    /// <summary>The trimmed text of a line under each span; the gaps between spans must be blank.</summary>
    private static string[] Cells(string line, List<(int Start, int Length)> spans)
    {
        var padded = line.PadRight(spans[^1].Start + spans[^1].Length);
        for (var k = 1; k < spans.Count; k++)
        {
            var gapStart = spans[k - 1].Start + spans[k - 1].Length;
            Assert.True(string.IsNullOrWhiteSpace(padded[gapStart..spans[k].Start]), $"text between columns {k} and {k + 1}: '{line}'");
        }

        return [.. spans.Select(s => padded.Substring(s.Start, s.Length).Trim())];
    }
}
