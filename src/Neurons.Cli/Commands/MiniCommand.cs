using System.CommandLine;
using Neurons.Data.Mini;

namespace Neurons.Cli.Commands;

/// <summary><c>pipeline mini</c>: writes the synthetic mini subset in the cc2017 layout.</summary>
internal static class MiniCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out", "-o") { Description = "Where to write it.", DefaultValueFactory = _ => ".neurons/mini-cc2017" };
        var seed = new Option<int>("--seed") { Description = "Seed of every random choice.", DefaultValueFactory = _ => new MiniOptions().Seed };
        var trs = new Option<int>("--trs") { Description = "TRs (2-s clips) per segment.", DefaultValueFactory = _ => new MiniOptions().TrsPerSegment };
        var force = new Option<bool>("--force") { Description = "Replace an existing mini subset at --out: only the files its manifest lists are removed, and a folder holding anything else is refused." };
        var command = new Command("mini", "Write the mini subset: synthetic movies, CIFTI-2 fMRI and perfect annotations in the cc2017 layout.");
        command.Options.Add(output);
        command.Options.Add(seed);
        command.Options.Add(trs);
        command.Options.Add(force);
        command.SetAction((parse, cancellationToken) => CommandErrors.GuardAsync(async () =>
        {
            var root = Path.GetFullPath(parse.GetValue(output)!);
            var options = new MiniOptions { Seed = parse.GetValue(seed), TrsPerSegment = parse.GetValue(trs) };
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                return CommandErrors.Fail($"--trs: {e.Message}");
            }

            if (File.Exists(root) || (Directory.Exists(root) && !parse.GetValue(force) && Directory.EnumerateFileSystemEntries(root).Any()))
            {
                return CommandErrors.Fail(File.Exists(root) || !File.Exists(Path.Combine(root, MiniDatasetGenerator.ManifestName))
                    ? $"--out: {root} exists and is not a generated mini subset; choose another folder"
                    : $"--out: {root} already holds a mini subset; pass --force to replace it");
            }

            if (Directory.Exists(root) && !Directory.EnumerateFileSystemEntries(root).Any())
            {
                Directory.Delete(root);
            }

            try
            {
                await MiniDatasetGenerator.GenerateAsync(root, options, replace: parse.GetValue(force), cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e) when (Directory.Exists(root))
            {
                return CommandErrors.Fail($"--out: {e.Message}");
            }

            Console.Out.WriteLine($"wrote the mini subset (seed {options.Seed}, {options.TrainSegments} train + {options.TestSegments} test segments of {options.TrsPerSegment} TRs) to {root}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
