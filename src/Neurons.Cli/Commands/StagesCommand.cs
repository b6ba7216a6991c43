using System.CommandLine;
using Neurons.Cli.Hosting;
using Neurons.Engine.Config;
using Spectre.Console;

namespace Neurons.Cli.Commands;

/// <summary><c>pipeline stages</c>: the DAG's stages with their inputs, outputs and parameters.</summary>
internal static class StagesCommand
{
    public static Command Create()
    {
        var command = new Command("stages", "List the stages in run order with their inputs, outputs and parameters (from stage.yaml).");
        command.SetAction((_, _) => CommandErrors.GuardAsync(() =>
        {
            var catalog = StageCatalog.Load(SessionLoader.StagesDirectory);
            foreach (var stage in catalog.Stages)
            {
                var header = $"[bold]{Markup.Escape(stage.Name)}[/] (v{Markup.Escape(stage.Version)}, {stage.Scope.ToString().ToLowerInvariant()}"
                    + (stage.Splits.Count > 0 ? $", splits {Markup.Escape(string.Join("/", stage.Splits))}" : string.Empty) + ")";
                AnsiConsole.MarkupLine(header);
                AnsiConsole.MarkupLine($"  {Markup.Escape(stage.Description)}");
                AnsiConsole.MarkupLine($"  reads: {Markup.Escape(stage.Inputs.Count > 0 ? string.Join(", ", stage.Inputs) : "(dataset)")}  writes: {Markup.Escape(string.Join(", ", stage.Outputs))}");
                if (stage.Parameters.Count > 0)
                {
                    var table = new Table().AddColumns("param", "type", "default", "doc");
                    foreach (var p in stage.Parameters)
                    {
                        table.AddRow(Markup.Escape(p.Name), p.Type.ToString().ToLowerInvariant(), Markup.Escape(ParameterValues.Text(p.Default)), Markup.Escape(p.Doc));
                    }

                    AnsiConsole.Write(table);
                }

                AnsiConsole.WriteLine();
            }

            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }
}
