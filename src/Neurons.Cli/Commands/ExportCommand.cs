using System.CommandLine;
using System.Globalization;
using Neurons.Cli.Hosting;
using Neurons.Data.Export;
using Neurons.Engine.Workspace;
using Spectre.Console;

namespace Neurons.Cli.Commands;

/// <summary><c>pipeline export neuroclips --out DIR</c>: the prepared fMRI and frames, and the decoded outputs when decode has run, as <c>.npy</c> for the reference code.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var output = new Option<string>("--out", "-o") { Description = "The folder to write the .npy files and manifest.json into (empty or absent).", Required = true };
        var force = new Option<bool>("--force") { Description = "Write into a folder that is not empty, replacing (atomically) only the same-named files export writes." };
        var skipDecoded = new Option<bool>("--skip-decoded") { Description = "Leave the decoded outputs out even when the decode stage has committed shards (they must cover every test clip otherwise)." };
        var neuroclips = new Command(
            "neuroclips",
            "Write subjNN_{train,test}_fmri.npy (N, repeats, V) float32, GT_{train,test}_3fps.npy (N, 6, 3, H, W) uint8 and manifest.json from the committed fmri and clips shards, in the shapes NeuroClips/NEURONS load; with committed decoded shards also, per subject, subjNN_recon_videos.npy (N_test, 6, 3, H, W) float32 in [0, 1] and subjNN_pred_test_{blurry_latents,masks,caption_self,concept_scores,top_concept}.npy.");
        common.AddTo(neuroclips);
        neuroclips.Options.Add(output);
        neuroclips.Options.Add(force);
        neuroclips.Options.Add(skipDecoded);
        neuroclips.SetAction((parse, cancellationToken) => CommandErrors.GuardAsync(async () =>
        {
            var dir = parse.GetValue(output)!;
            if (File.Exists(dir))
            {
                return CommandErrors.Fail($"--out: {Path.GetFullPath(dir)} is a file, not a folder");
            }

            if (!parse.GetValue(force) && Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
            {
                return CommandErrors.Fail($"--out: {Path.GetFullPath(dir)} is not empty; choose an empty folder, or pass --force to replace the files export writes");
            }

            var config = SessionLoader.LoadConfig(parse.GetValue(common.Config)!, parse.GetValue(common.Profile));
            var store = new ShardStore(config.Workspace);
            var clips = CommittedShards(store, "clips");
            var fmri = CommittedShards(store, "fmri");
            if (fmri.Count == 0 || clips.Count == 0)
            {
                Console.Error.WriteLine($"error: no committed fmri/clips shards under {config.Workspace}; run `pipeline run` first");
                return ExitCodes.StageFailed;
            }

            try
            {
                var decoded = parse.GetValue(skipDecoded) ? [] : CommittedShards(store, "decoded");
                var manifest = await NeuroClipsExporter.ExportAsync(clips, fmri, decoded, dir, parse.GetValue(force), cancellationToken).ConfigureAwait(false);
                var table = new Table().AddColumns("file", "shape", "dtype");
                foreach (var array in manifest["arrays"]!.AsArray())
                {
                    var shape = string.Join(", ", array!["shape"]!.AsArray().Select(d => d!.GetValue<long>().ToString(CultureInfo.InvariantCulture)));
                    table.AddRow(Markup.Escape(array["file"]!.GetValue<string>()), $"({shape})", array["dtype"]!.GetValue<string>());
                }

                AnsiConsole.Write(table);
                AnsiConsole.MarkupLine($"manifest: [bold]{Markup.Escape(Path.Combine(dir, NeuroClipsExporter.ManifestName))}[/]");
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.StageFailed;
            }
        }));

        var command = new Command("export", "Export prepared data for other code bases.");
        command.Subcommands.Add(neuroclips);
        return command;
    }

    /// <summary>Returns the committed (sidecar-valid) shards of a table, in name order.</summary>
    internal static List<ExportShard> CommittedShards(ShardStore store, string table)
    {
        var dir = Path.Combine(store.Root, table);
        if (!Directory.Exists(dir))
        {
            return [];
        }

        var result = new List<ExportShard>();
        foreach (var file in Directory.EnumerateFiles(dir, "*.meta.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file)[..^".meta.json".Length];
            if (store.TryRead(table, name) is { } sidecar)
            {
                result.Add(new ExportShard(name, sidecar.Split, store.DataPath(table, name), sidecar.Metadata));
            }
        }

        return result;
    }
}
