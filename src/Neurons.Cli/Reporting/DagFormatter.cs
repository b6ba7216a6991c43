using System.Globalization;
using System.Text;
using Neurons.Engine.Config;

namespace Neurons.Cli.Reporting;

/// <summary>
/// Renders the stage graph the engine schedules: stages in run order, each input table with the stage that writes it,
/// the dataset files a stage reads, and the stages it feeds. Edges are the catalog's own (an optional input counts once
/// a stage writes it), so what is drawn is what runs.
/// </summary>
internal static class DagFormatter
{
    /// <summary>The pseudo-node of the dataset files (the <c>sources</c> patterns of <c>stage.yaml</c>).</summary>
    public const string DatasetNode = "dataset";

    /// <summary>Returns every (producer, consumer, table) edge, in the consumers' run order and the order of their inputs.</summary>
    public static IReadOnlyList<(string From, string To, string Table)> Edges(StageCatalog catalog) =>
        catalog.Stages.SelectMany(s => s.Inputs.Select(t => (catalog.ProducerOf(t).Name, s.Name, t))).ToList();

    /// <summary>Returns a plain-text listing: one block per stage with what it reads (and from whom), writes and feeds.</summary>
    public static string Text(StageCatalog catalog)
    {
        var edges = Edges(catalog);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{catalog.Stages.Count} stages, {edges.Count} table edges, in run order:\n");
        var number = 0;
        foreach (var stage in catalog.Stages)
        {
            number++;
            var splits = stage.Splits.Count > 0 ? $", splits {string.Join("/", stage.Splits)}" : string.Empty;
            text.Append(CultureInfo.InvariantCulture, $"{number,2}. {stage.Name} ({Scope(stage)}{splits})\n");
            var reads = stage.Sources.Select(s => $"{DatasetNode}:{s}")
                .Concat(stage.Inputs.Select(t => $"{t} <- {catalog.ProducerOf(t).Name}"))
                .ToList();
            text.Append(CultureInfo.InvariantCulture, $"    reads   {(reads.Count > 0 ? string.Join(", ", reads) : "-")}\n");
            text.Append(CultureInfo.InvariantCulture, $"    writes  {string.Join(", ", stage.Outputs)}\n");
            var feeds = edges.Where(e => e.From == stage.Name).Select(e => e.To).Distinct(StringComparer.Ordinal).ToList();
            text.Append(CultureInfo.InvariantCulture, $"    feeds   {(feeds.Count > 0 ? string.Join(", ", feeds) : "-")}\n");
        }

        return text.ToString();
    }

    /// <summary>Returns the graph in Graphviz dot: one box per stage, a cylinder for the dataset, one edge per table labelled with its name.</summary>
    public static string Dot(StageCatalog catalog)
    {
        var text = new StringBuilder();
        text.Append("digraph pipeline {\n");
        text.Append("  rankdir=LR;\n");
        text.Append("  node [shape=box, style=rounded];\n");
        if (catalog.Stages.Any(s => s.Sources.Count > 0))
        {
            text.Append(CultureInfo.InvariantCulture, $"  {Quote(DatasetNode)} [shape=cylinder];\n");
        }

        foreach (var stage in catalog.Stages)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {Quote(stage.Name)} [label={Quote($"{stage.Name}\n{Scope(stage)}")}];\n");
        }

        foreach (var stage in catalog.Stages)
        {
            foreach (var source in stage.Sources)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {Quote(DatasetNode)} -> {Quote(stage.Name)} [label={Quote(source)}];\n");
            }
        }

        foreach (var (from, to, table) in Edges(catalog))
        {
            text.Append(CultureInfo.InvariantCulture, $"  {Quote(from)} -> {Quote(to)} [label={Quote(table)}];\n");
        }

        text.Append("}\n");
        return text.ToString();
    }

    private static string Scope(StageDefinition stage) => stage.Scope.ToString().ToLowerInvariant();

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}
