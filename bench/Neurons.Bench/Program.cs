using System.CommandLine;
using Neurons.Bench;
using Spectre.Console;

// Benchmarks, not tests: each subcommand measures a figure and the physical limit (or the bare baseline) in
// the same run and prints their ratio. See docs/benchmarks.md.
var output = new Option<string?>("--out") { Description = "Also write the results as JSON to this file.", Recursive = true };
if (args is [Neurons.Bench.Scale.LoopbackVlmProcess.CommandName, var latency])
{
    // The loopback VLM of `dataprep`, in a process of its own.
    return Neurons.Bench.Scale.LoopbackVlmProcess.Serve(int.Parse(latency, System.Globalization.CultureInfo.InvariantCulture));
}

var root = new RootCommand("NeuronsPipeline benchmarks: each figure next to the limit measured in the same run.");
root.Options.Add(output);
var definitions = BenchRegistry.All();
if (Console.IsOutputRedirected)
{
    // Tables keep their full width in logs and files instead of wrapping at 80 columns.
    AnsiConsole.Console.Profile.Width = Math.Max(AnsiConsole.Console.Profile.Width, 180);
}

async Task<int> Execute(IReadOnlyList<(BenchDefinition Definition, ParseResult Parse)> runs, string? outPath, CancellationToken cancellationToken)
{
    var reports = new List<BenchReport>();
    foreach (var (definition, parse) in runs)
    {
        AnsiConsole.MarkupLine($"[bold]running {Markup.Escape(definition.Name)}[/] [grey]({Markup.Escape(definition.Description)})[/]");
        var report = await definition.Run(parse, cancellationToken).ConfigureAwait(false);
        ReportPrinter.Print(AnsiConsole.Console, report);
        reports.Add(report);
        if (outPath is not null)
        {
            ReportWriter.Write(outPath, reports);
        }
    }

    if (outPath is not null)
    {
        AnsiConsole.MarkupLine($"results written to [bold]{Markup.Escape(outPath)}[/]");
    }

    return 0;
}

foreach (var definition in definitions.Concat(BenchRegistry.Standalone()))
{
    var command = new Command(definition.Name, definition.Description);
    foreach (var option in definition.Options)
    {
        command.Options.Add(option);
    }

    command.SetAction((parse, cancellationToken) => Execute([(definition, parse)], parse.GetValue(output), cancellationToken));
    root.Subcommands.Add(command);
}

var quick = new Option<bool>("--quick") { Description = "Shorter runs (each benchmark's quick arguments), for a smoke check." };
var all = new Command("all", "Run every benchmark with its defaults, one after another.");
all.Options.Add(quick);
all.SetAction((parse, cancellationToken) =>
{
    var runs = definitions
        .Select(d => (d, root.Parse([d.Name, .. parse.GetValue(quick) ? d.QuickArguments : []])))
        .ToList();
    return Execute(runs, parse.GetValue(output), cancellationToken);
});
root.Subcommands.Add(all);

return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
