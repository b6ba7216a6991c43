using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Neurons.Cli.Hosting;
using Neurons.Engine.Scheduling;
using Spectre.Console;

namespace Neurons.Cli.Commands;

/// <summary><c>pipeline status</c>: every stage × shard with its state, rows and timing.</summary>
internal static class StatusCommand
{
    private static readonly JsonSerializerOptions RelaxedJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var common = new CommonOptions();
        var json = new Option<bool>("--json") { Description = "Print JSON for scripts instead of a table." };
        var stage = new Option<string?>("--stage") { Description = "Show only this stage, with each shard's metadata." };
        var command = new Command("status", "Show every stage x shard: done, stale, missing, failed or waiting, with row counts and timings.");
        common.AddTo(command);
        command.Options.Add(json);
        command.Options.Add(stage);
        command.SetAction((parse, _) => CommandErrors.GuardAsync(() =>
        {
            var session = SessionLoader.Open(parse.GetValue(common.Config)!, parse.GetValue(common.Profile), generateDataset: false);
            var stages = session.Catalog.Stages.AsEnumerable();
            if (parse.GetValue(stage) is { } name)
            {
                if (!session.Catalog.TryGet(name, out var only))
                {
                    throw new Engine.Config.ConfigException("command line", "--stage", $"unknown stage '{name}'");
                }

                stages = [only];
            }

            var statuses = session.AssessAll(session.Items(session.Catalog.Stages, ShardSet.Everything))
                .Where(a => stages.Contains(a.Item.Stage))
                .ToList();
            if (parse.GetValue(json))
            {
                PrintJson(statuses);
            }
            else
            {
                PrintTable(statuses, parse.GetValue(stage) is not null);
            }

            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    private static void PrintJson(List<ItemAssessment> statuses)
    {
        var rows = statuses.Select(a => new
        {
            stage = a.Item.Stage.Name,
            shard = a.Item.Shard.Name,
            split = a.Item.Shard.Split,
            state = a.State.ToString().ToLowerInvariant(),
            reason = a.Reason,
            rows = a.Outputs.Where(o => o is not null).Sum(o => o!.Rows),
            seconds = a.Outputs.FirstOrDefault()?.Seconds,
            fingerprint = a.Fingerprint,
            outputs = a.Outputs.Where(o => o is not null).Select(o => new { table = o!.Table, rows = o.Rows, bytes = o.Bytes, metadata = o.Metadata }),
        });
        Console.Out.WriteLine(JsonSerializer.Serialize(rows, new JsonSerializerOptions(RelaxedJson) { WriteIndented = true }));
    }

    private static void PrintTable(List<ItemAssessment> statuses, bool withMetadata)
    {
        var table = new Table().AddColumns("stage", "shard", "state", "rows", "seconds", "why");
        foreach (var a in statuses)
        {
            var colour = a.State switch
            {
                ItemState.Done => "green",
                ItemState.Failed => "red",
                ItemState.Waiting => "grey",
                _ => "yellow",
            };
            var committed = a.Outputs.Where(o => o is not null).ToList();
            table.AddRow(
                Markup.Escape(a.Item.Stage.Name),
                Markup.Escape(a.Item.Shard.Name),
                $"[{colour}]{a.State.ToString().ToLowerInvariant()}[/]",
                committed.Count > 0 ? committed.Sum(o => o!.Rows).ToString(CultureInfo.InvariantCulture) : "-",
                committed.Count > 0 ? committed[0]!.Seconds.ToString("F1", CultureInfo.InvariantCulture) : "-",
                Markup.Escape(a.State == ItemState.Done ? string.Empty : a.Reason));
            if (withMetadata)
            {
                foreach (var output in committed)
                {
                    table.AddRow(string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, Markup.Escape(output!.Metadata.ToJsonString(RelaxedJson)));
                }
            }
        }

        AnsiConsole.Write(table);
        var counts = statuses.GroupBy(s => s.State).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
        AnsiConsole.WriteLine($"{statuses.Count} work items: {string.Join(", ", counts)}");
    }
}
