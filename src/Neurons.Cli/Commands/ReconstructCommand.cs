using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Neurons.Cli.Hosting;
using Neurons.Cli.Reconstruct;
using Neurons.Engine.Config;

namespace Neurons.Cli.Commands;

/// <summary>
/// <c>pipeline reconstruct --subject S (--clip CLIP_ID | --cifti RUN.dtseries.nii --tr N) [--weights F] [--out DIR] [--force] [--decode-only] [--json]</c>:
/// one fMRI sample to its decoded outputs, its video and a one-page view (docs/reconstruct.md).
/// </summary>
internal static class ReconstructCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var common = new CommonOptions();
        var subject = new Option<int>("--subject", "-s") { Description = "The subject whose model decodes the sample.", Required = true };
        var clip = new Option<string?>("--clip") { Description = "A clip of the workspace (test or train split): its committed fMRI, repeats averaged as decode does." };
        var repeat = new Option<int?>("--repeat") { Description = "With --clip: decode this one repeat instead of the repeats' mean." };
        var cifti = new Option<string?>("--cifti") { Description = "A raw run (.dtseries.nii): trimmed, detrended and z-scored as the fmri stage does, the subject's mask applied." };
        var tr = new Option<int?>("--tr") { Description = "With --cifti: the TR taken, as a clip position of the run's window (0 = the first clip)." };
        var weights = new Option<string?>("--weights") { Description = "A stage-2 model file other than the workspace's trained one." };
        var output = new Option<string?>("--out", "-o") { Description = "The output folder (default: reconstruct/s<subject>_<clip> in the current folder)." };
        var force = new Option<bool>("--force") { Description = "Write into a folder holding other files (only reconstruct's own files are replaced)." };
        var decodeOnly = new Option<bool>("--decode-only") { Description = "Skip generation (the generated video) even when its models are configured." };
        var json = new Option<bool>("--json") { Description = "Print the manifest (every output's file, the caption, concepts, timings) as JSON." };
        var command = new Command("reconstruct", "Decode one fMRI sample (a workspace clip, or a TR of a raw run) into blurry frames and video, masks, caption, concept scores and the generated video, with a one-page HTML view.");
        common.AddTo(command);
        foreach (var option in new Option[] { subject, clip, repeat, cifti, tr, weights, output, force, decodeOnly, json })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => CommandErrors.GuardAsync(async () =>
        {
            var clipId = parse.GetValue(clip);
            var run = parse.GetValue(cifti);
            if ((clipId is null) == (run is null))
            {
                throw new ConfigException("command line", "--clip/--cifti", "give exactly one of --clip CLIP_ID or --cifti RUN.dtseries.nii --tr N");
            }

            if (run is not null && parse.GetValue(tr) is null)
            {
                throw new ConfigException("command line", "--tr", "--cifti needs --tr N (the clip position of the TR in the run's window)");
            }

            if (run is null && parse.GetValue(tr) is not null)
            {
                throw new ConfigException("command line", "--tr", "--tr goes with --cifti; a --clip has its own TR");
            }

            if (run is not null && parse.GetValue(repeat) is not null)
            {
                throw new ConfigException("command line", "--repeat", "--repeat goes with --clip; a --cifti run is one repeat");
            }

            var s = parse.GetValue(subject);
            var name = clipId ?? string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(run!).Split('.')[0]}_tr{parse.GetValue(tr)}");
            var request = new ReconstructRequest
            {
                Subject = s,
                ClipId = clipId,
                Repeat = parse.GetValue(repeat),
                Cifti = run,
                Tr = parse.GetValue(tr),
                Weights = parse.GetValue(weights),
                Output = parse.GetValue(output) ?? Path.Combine("reconstruct", string.Create(CultureInfo.InvariantCulture, $"s{s}_{name}")),
                Force = parse.GetValue(force),
                DecodeOnly = parse.GetValue(decodeOnly),
            };
            var config = SessionLoader.LoadConfig(parse.GetValue(common.Config)!, parse.GetValue(common.Profile));
            var parameters = StageParameterResolver.Resolve(StageCatalog.Load(SessionLoader.StagesDirectory), config);
            JsonObject manifest;
            try
            {
                manifest = await new Reconstructor(config.Workspace, config.Dataset.Path, parameters).RunAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (ReconstructInputException e)
            {
                return CommandErrors.Fail(e.Message);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.StageFailed;
            }

            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(manifest.ToJsonString(JsonOptions));
            }
            else
            {
                Print(manifest);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static void Print(JsonObject manifest)
    {
        var directory = (string)manifest["directory"]!;
        Console.Out.WriteLine($"subject {manifest["subject"]}, {manifest["clip_id"]}: {manifest["source"]}");
        Console.Out.WriteLine($"caption: {manifest["caption"]}");
        Console.Out.WriteLine($"top concept: {manifest["top_concept"]}; present: {string.Join(", ", manifest["present_concepts"]!.AsArray().Select(c => (string?)c))}");
        foreach (var (key, value) in manifest["outputs"]!.AsObject())
        {
            if (key == "contribution_maps" && value is JsonArray maps)
            {
                foreach (var map in maps.OfType<JsonObject>())
                {
                    var top = (map["top"] as JsonArray ?? []).OfType<JsonObject>().Take(5).Select(v => string.Create(CultureInfo.InvariantCulture, $"{(int?)v["grayordinate"]} ({(double?)v["value"]:G3})"));
                    Console.Out.WriteLine($"contributions to {map["task"]}: top grayordinates {string.Join(", ", top)}");
                }

                continue;
            }

            var files = value is JsonArray list ? list.Select(v => (string)v!).ToList() : [(string)value!];
            Console.Out.WriteLine($"{key}: {Path.Combine(directory, files[0])}{(files.Count > 1 ? $" (+{files.Count - 1} more)" : string.Empty)}");
        }

        if (manifest["generation"]?["reason"] is { } reason)
        {
            Console.Out.WriteLine($"no generated video: {reason}");
        }

        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done in {(double)manifest["seconds"]!["total"]!:F1} s; page: {Path.Combine(directory, "index.html")}"));
    }
}
