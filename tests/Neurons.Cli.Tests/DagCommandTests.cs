using System.Text.RegularExpressions;
using Neurons.Cli.Tests.Support;

namespace Neurons.Cli.Tests;

public sealed partial class DagCommandTests
{
    private static string Stages => Path.Combine(AppContext.BaseDirectory, "stages");

    [Fact]
    public async Task Dag_WithDot_DrawsOneEdgePerTableFromItsWriterToEachReader()
    {
        // When the graph is printed as dot
        var result = await PipelineProcess.RunAsync(AppContext.BaseDirectory, "dag", "--dot");

        // Then it parses as a digraph whose nodes are the stage folders (plus the dataset) and whose edges are the declared tables
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("digraph pipeline {", result.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("}\n", result.Stdout, StringComparison.Ordinal);
        var nodes = NodeLine().Matches(result.Stdout).Select(m => m.Groups[1].Value).ToHashSet();
        var folders = Directory.GetDirectories(Stages).Where(d => File.Exists(Path.Combine(d, "stage.yaml"))).Select(Path.GetFileName).ToHashSet();
        Assert.Equal(folders.Append("dataset").Order(), nodes.Order());
        var edges = EdgeLine().Matches(result.Stdout).Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value)).ToList();
        Assert.Contains(("dataset", "slice", "stimuli/{shard}.mp4"), edges);
        Assert.Contains(("slice", "annotate", "clips"), edges);
        Assert.Contains(("annotate", "segment", "annotations"), edges);
        Assert.Contains(("fmri", "train", "fmri"), edges);
        Assert.Contains(("targets", "train", "targets"), edges);
        Assert.Contains(("train", "train_decoupler", "training"), edges);
        Assert.Contains(("generate", "evaluate", "generated"), edges); // an optional input that a stage writes
        Assert.DoesNotContain(edges, e => e.Item2 == "slice" && e.Item1 != "dataset");
        Assert.Equal(edges.Count, edges.Distinct().Count());
        foreach (var (from, to, table) in edges.Where(e => e.Item1 != "dataset"))
        {
            Assert.Matches($@"outputs: \[[^\]]*\b{table}\b", File.ReadAllText(Path.Combine(Stages, from, "stage.yaml")));
            Assert.Matches($@"inputs: \[[^\]]*\b{table}\b", File.ReadAllText(Path.Combine(Stages, to, "stage.yaml")));
        }
    }

    [Fact]
    public async Task Dag_AsText_ListsEachStageWithWhatItReadsFromWhomAndWhatItFeeds()
    {
        var dot = await PipelineProcess.RunAsync(AppContext.BaseDirectory, "dag", "--dot");

        var result = await PipelineProcess.RunAsync(AppContext.BaseDirectory, "dag");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n');
        var tableEdges = EdgeLine().Matches(dot.Stdout).Count(m => m.Groups[1].Value != "dataset");
        var stageCount = Directory.GetDirectories(Stages).Count(d => File.Exists(Path.Combine(d, "stage.yaml")));
        Assert.Equal($"{stageCount} stages, {tableEdges} table edges, in run order:", lines[0]);
        var slice = Array.FindIndex(lines, l => l.EndsWith(". slice (shard)", StringComparison.Ordinal));
        Assert.Equal(" 1. slice (shard)", lines[slice]);
        Assert.Equal("    reads   dataset:stimuli/{shard}.mp4", lines[slice + 1]);
        Assert.Equal("    writes  clips", lines[slice + 2]);
        Assert.Contains("annotate", lines[slice + 3].Split(' ', ',').ToHashSet());
        var train = Array.FindIndex(lines, l => l.EndsWith(". train (global)", StringComparison.Ordinal));
        Assert.Equal("    reads   fmri <- fmri, targets <- targets", lines[train + 1]);
        Assert.Equal("    writes  training", lines[train + 2]);
    }

    [GeneratedRegex("^  \"([^\"]+)\" \\[(?:label|shape)=", RegexOptions.Multiline)]
    private static partial Regex NodeLine();

    [GeneratedRegex("^  \"([^\"]+)\" -> \"([^\"]+)\" \\[label=\"([^\"]*)\"\\];$", RegexOptions.Multiline)]
    private static partial Regex EdgeLine();
}
