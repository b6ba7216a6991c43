using System.CommandLine;
using Neurons.Cli.Hosting;
using Neurons.Cli.Reporting;
using Neurons.Engine.Config;

namespace Neurons.Cli.Commands;

/// <summary><c>pipeline dag</c>: the stage graph as text, or as Graphviz dot with <c>--dot</c>.</summary>
internal static class DagCommand
{
    public static Command Create()
    {
        var dot = new Option<bool>("--dot") { Description = "Print Graphviz dot (pipe it to `dot -Tsvg`) instead of text." };
        var command = new Command("dag", "Show the stage graph: each stage in run order with the tables it reads (and which stage writes them), writes and feeds.");
        command.Options.Add(dot);
        command.SetAction((parse, _) => CommandErrors.GuardAsync(() =>
        {
            var catalog = StageCatalog.Load(SessionLoader.StagesDirectory);
            Console.Out.Write(parse.GetValue(dot) ? DagFormatter.Dot(catalog) : DagFormatter.Text(catalog));
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }
}
