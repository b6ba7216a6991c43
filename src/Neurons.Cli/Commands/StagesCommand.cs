using System.CommandLine;
using System.Text.Json;
using Neurons.Cli.Hosting;
using Neurons.Cli.Reporting;
using Neurons.Engine.Config;
using Spectre.Console;

namespace Neurons.Cli.Commands;

/// <summary><c>pipeline stages</c>: the DAG's stages with their inputs, outputs and parameters; <c>--json</c> adds each parameter's effective value.</summary>
internal static class StagesCommand
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create()
    {
        var common = new CommonOptions();
        var json = new Option<bool>("--json")
        {
            Description = "Print JSON for scripts: every stage with each parameter's effective value (stage.yaml default, then pipeline.yaml, its profile and NEURONS__ variables, as `run` applies them), default and origin.",
        };
        var command = new Command("stages", "List the stages in run order with their inputs, outputs and parameters (from stage.yaml).");
        common.AddTo(command);
        command.Options.Add(json);
        command.SetAction((parse, _) => CommandErrors.GuardAsync(() =>
        {
            var catalog = StageCatalog.Load(SessionLoader.StagesDirectory);
            if (parse.GetValue(json))
            {
                // The configuration applies when it exists or was named; without one, the values are the defaults.
                var configFile = parse.GetValue(common.Config)!;
                var named = parse.GetResult(common.Config) is { Implicit: false } || parse.GetValue(common.Profile) is not null;
                var config = named || File.Exists(configFile) ? SessionLoader.LoadConfig(configFile, parse.GetValue(common.Profile)) : null;
                Console.Out.WriteLine(StagesJson.Build(catalog, config).ToJsonString(Indented));
                return Task.FromResult(ExitCodes.Success);
            }

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
