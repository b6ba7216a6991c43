using System.CommandLine;
using Neurons.Cli;
using Neurons.Cli.Commands;
using Neurons.Cli.Hosting;

var root = new RootCommand("NeuronsPipeline: cc2017 fMRI-video data preparation, annotation and the NEURONS model.");
foreach (var command in RootCommands.All())
{
    root.Subcommands.Add(command);
}

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine($"error: {error.Message}");
    }

    Console.Error.WriteLine("Run 'pipeline --help' for usage.");
    return ExitCodes.UsageError;
}

// The generic host of `pipeline run` handles SIGINT/SIGTERM itself; every other command receives them as a cancelled
// token and removes what it had half-written.
if (parsed.CommandResult.Command.Name == "run")
{
    return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
}

using var signals = new TerminationSignals();
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, signals.Token).ConfigureAwait(false);
