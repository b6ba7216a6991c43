using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Neurons.Annotation.Cache;
using Neurons.Cli.Hosting;
using Neurons.Engine.Config;
using Spectre.Console;

namespace Neurons.Cli.Commands;

/// <summary><c>pipeline cache stats|prune</c>: what the VLM reply cache holds, and removing entries from it.</summary>
internal static class CacheCommand
{
    public static Command Create()
    {
        var command = new Command("cache", "Inspect or prune the content-addressed VLM reply cache (<workspace>/.cache/annotate/vlm-replies/).");
        command.Subcommands.Add(CreateStats());
        command.Subcommands.Add(CreatePrune());
        return command;
    }

    /// <summary>Parses a duration such as <c>30d</c>, <c>12h</c>, <c>45m</c> or a plain number of days.</summary>
    internal static TimeSpan? ParseAge(string text)
    {
        text = text.Trim();
        if (text.Length == 0)
        {
            return null;
        }

        var unit = char.ToLowerInvariant(text[^1]);
        var number = char.IsDigit(unit) ? text : text[..^1];
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || !double.IsFinite(value))
        {
            return null;
        }

        return unit switch
        {
            'd' or (>= '0' and <= '9') => TimeSpan.FromDays(value),
            'h' => TimeSpan.FromHours(value),
            'm' => TimeSpan.FromMinutes(value),
            's' => TimeSpan.FromSeconds(value),
            _ => null,
        };
    }

    private static Command CreateStats()
    {
        var common = new CommonOptions();
        var file = CacheFileOption();
        var json = new Option<bool>("--json") { Description = "Print JSON for scripts instead of a table." };
        var command = new Command("stats", "Show entries, hits and sizes of the reply cache, per provider and model.");
        common.AddTo(command);
        command.Options.Add(file);
        command.Options.Add(json);
        command.SetAction((parse, _) => CommandErrors.GuardAsync(() =>
        {
            var path = ResolvePath(parse.GetValue(file), parse.GetValue(common.Config)!, parse.GetValue(common.Profile));
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                AnsiConsole.WriteLine($"No reply cache at {path} (nothing has been annotated with a VLM yet).");
                return Task.FromResult(ExitCodes.Success);
            }

            using var cache = OpenExisting(path);
            var stats = cache.GetStatistics();
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(stats, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
            }
            else
            {
                PrintStats(stats);
            }

            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    private static Command CreatePrune()
    {
        var common = new CommonOptions();
        var file = CacheFileOption();
        var unusedFor = new Option<string?>("--unused-for")
        {
            Description = "Remove entries neither stored nor served for this long (e.g. 30d, 12h, 45m; a plain number is days).",
        };
        var model = new Option<string?>("--model") { Description = "Remove only the entries of this model (e.g. qwen2.5vl:7b)." };
        var all = new Option<bool>("--all") { Description = "Remove every entry (required when no other filter is given)." };
        var command = new Command("prune", "Remove reply-cache entries by age of last use and/or model, then compact the file.");
        common.AddTo(command);
        command.Options.Add(file);
        command.Options.Add(unusedFor);
        command.Options.Add(model);
        command.Options.Add(all);
        command.SetAction((parse, _) => CommandErrors.GuardAsync(() =>
        {
            DateTimeOffset? since = null;
            if (parse.GetValue(unusedFor) is { } ageText)
            {
                var age = ParseAge(ageText)
                    ?? throw new ConfigException("command line", "--unused-for", $"'{ageText}' is not a duration (use e.g. 30d, 12h, 45m)");
                since = TimeProvider.System.GetUtcNow() - age;
            }

            var filter = new CachePruneFilter { UnusedSince = since, Model = parse.GetValue(model) };
            if (filter.IsEmpty && !parse.GetValue(all))
            {
                throw new ConfigException("command line", "cache prune", "give --unused-for, --model, or --all to remove everything");
            }

            var path = ResolvePath(parse.GetValue(file), parse.GetValue(common.Config)!, parse.GetValue(common.Profile));
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                AnsiConsole.WriteLine($"No reply cache at {path}; nothing to prune.");
                return Task.FromResult(ExitCodes.Success);
            }

            using var cache = OpenExisting(path);
            var removed = cache.Prune(filter);
            var left = cache.GetStatistics();
            AnsiConsole.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Removed {removed} entries; {left.Entries} remain ({FormatBytes(left.FileBytes)} on disk)."));
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    private static Option<string?> CacheFileOption() => new("--file")
    {
        Description = "The cache folder, or a .sqlite cache file (default: <workspace>/.cache/annotate/vlm-replies of pipeline.yaml's workspace).",
    };

    private static string ResolvePath(string? file, string config, string? profile) =>
        file is not null
            ? Path.GetFullPath(file)
            : VlmReplyCache.PathInWorkspace(SessionLoader.LoadConfig(config, profile).Workspace);

    private static VlmReplyCache OpenExisting(string path)
    {
        try
        {
            return VlmReplyCache.Open(path, TimeProvider.System);
        }
        catch (InvalidDataException e)
        {
            throw new ConfigException(path, "cache", e.Message);
        }
    }

    private static void PrintStats(CacheStatistics stats)
    {
        AnsiConsole.WriteLine($"Reply cache {stats.Path}");
        var table = new Table().AddColumns("provider", "model", "entries", "hits", "reply bytes");
        foreach (var m in stats.ByModel)
        {
            table.AddRow(
                Markup.Escape(m.ProviderKind),
                Markup.Escape(m.Model),
                m.Entries.ToString(CultureInfo.InvariantCulture),
                m.Hits.ToString(CultureInfo.InvariantCulture),
                FormatBytes(m.ReplyBytes));
        }

        AnsiConsole.Write(table);
        AnsiConsole.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{stats.Entries} entries, {stats.Hits} hits, {FormatBytes(stats.FileBytes)} on disk; first stored {Format(stats.Oldest)}, last used {Format(stats.LastUsed)}."));
    }

    private static string Format(DateTimeOffset? time) =>
        time?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "-";

    private static string FormatBytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F1} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):F1} MiB"),
    };
}
