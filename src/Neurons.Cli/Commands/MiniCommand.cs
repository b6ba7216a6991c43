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
        var force = new Option<bool>("--force") { Description = "Replace an existing mini subset at --out (never anything else)." };
        var command = new Command("mini", "Write the mini subset: synthetic movies, CIFTI-2 fMRI and perfect annotations in the cc2017 layout.");
        command.Options.Add(output);
        command.Options.Add(seed);
        command.Options.Add(trs);
        command.Options.Add(force);
        command.SetAction(async (parse, cancellationToken) =>
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

            if (Directory.Exists(root))
            {
                if (!File.Exists(Path.Combine(root, MiniDatasetGenerator.ManifestName)))
                {
                    return CommandErrors.Fail($"--out: {root} exists and is not a generated mini subset; choose another folder");
                }

                if (!parse.GetValue(force))
                {
                    return CommandErrors.Fail($"--out: {root} already holds a mini subset; pass --force to replace it");
                }

                Directory.Delete(root, recursive: true);
            }

            await MiniDatasetGenerator.GenerateAsync(root, options, cancellationToken).ConfigureAwait(false);
            Console.Out.WriteLine($"wrote the mini subset (seed {options.Seed}, {options.TrainSegments} train + {options.TestSegments} test segments of {options.TrsPerSegment} TRs) to {root}");
            return ExitCodes.Success;
        });
        return command;
    }
}
