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
        var geometry = new Option<string>("--geometry")
        {
            Description = "mini (the CI subset) or full (the real cc2017 shape: 18 train + 5 test segments of 240 TRs, 3 subjects, 59,412 cortical vertices, 640x360 movies; about 5 GB of CIFTI per subject). The options below override it.",
            DefaultValueFactory = _ => "mini",
        };
        geometry.AcceptOnlyFromAmong("mini", "full");
        var trs = new Option<int?>("--trs") { Description = "TRs (2-s clips) per segment (mini 24, full 240)." };
        var trainSegments = new Option<int?>("--train-segments") { Description = "Training segments seg1... (mini 6, full 18)." };
        var testSegments = new Option<int?>("--test-segments") { Description = "Test segments test1... (mini 1, full 5)." };
        var subjects = new Option<int?>("--subjects") { Description = "Subjects (mini 1, full 3)." };
        var width = new Option<int?>("--width") { Description = "Movie width in pixels (mini 320, full 640)." };
        var height = new Option<int?>("--height") { Description = "Movie height in pixels (mini 180, full 360)." };
        var force = new Option<bool>("--force") { Description = "Replace an existing mini subset at --out: only the files its manifest lists are removed, and a folder holding anything else is refused." };
        var command = new Command("mini", "Write the mini subset (or the full-geometry synthetic dataset): synthetic movies, CIFTI-2 fMRI and perfect annotations in the cc2017 layout.");
        command.Options.Add(output);
        command.Options.Add(seed);
        command.Options.Add(geometry);
        command.Options.Add(trs);
        command.Options.Add(trainSegments);
        command.Options.Add(testSegments);
        command.Options.Add(subjects);
        command.Options.Add(width);
        command.Options.Add(height);
        command.Options.Add(force);
        command.SetAction((parse, cancellationToken) => CommandErrors.GuardAsync(async () =>
        {
            var root = Path.GetFullPath(parse.GetValue(output)!);
            var preset = parse.GetValue(geometry) == "full" ? MiniOptions.FullGeometry : new MiniOptions();
            var options = preset with
            {
                Seed = parse.GetValue(seed),
                TrsPerSegment = parse.GetValue(trs) ?? preset.TrsPerSegment,
                TrainSegments = parse.GetValue(trainSegments) ?? preset.TrainSegments,
                TestSegments = parse.GetValue(testSegments) ?? preset.TestSegments,
                Subjects = parse.GetValue(subjects) ?? preset.Subjects,
                Width = parse.GetValue(width) ?? preset.Width,
                Height = parse.GetValue(height) ?? preset.Height,
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                return CommandErrors.Fail($"--{OptionOf(e.Message)}: {e.Message}");
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

            Console.Out.WriteLine($"wrote the mini subset (seed {options.Seed}, {options.TrainSegments} train + {options.TestSegments} test segments of {options.TrsPerSegment} TRs, {options.Subjects} subject(s), {options.LeftVertices + options.RightVertices} vertices, {options.Width}x{options.Height} movies) to {root}");
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The command-line option a <see cref="MiniOptions.Validate"/> message is about.</summary>
    private static string OptionOf(string message) => message.Split(' ')[0] switch
    {
        "trs" => "trs",
        "train_segments" => "train-segments",
        "test_segments" => "test-segments",
        "subjects" => "subjects",
        _ => "width/--height",
    };
}
