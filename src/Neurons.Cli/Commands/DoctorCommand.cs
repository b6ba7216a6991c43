using System.CommandLine;
using System.Globalization;
using Neurons.Cli.Doctor;
using Neurons.Cli.Hosting;

namespace Neurons.Cli.Commands;

/// <summary>
/// <c>pipeline doctor</c>: before any work, checks everything the selected stages of the active profile need (files,
/// their signatures, size and hash; the VLM server and model; ffmpeg; a GPU where asked for; disk space), prints one
/// line per problem with the section of docs/models.md that fixes it, and exits 2 if there is any.
/// </summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var stage = new Option<string[]>("--stage", "-s") { Description = "Check only these stages (repeatable; default: every stage).", AllowMultipleArgumentsPerToken = true };
        var json = new Option<bool>("--json") { Description = "Print every check as JSON (path, size, SHA-256, result, fix) instead of the problem lines." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Also list every passed check with its size and SHA-256." };
        var command = new Command(
            "doctor",
            "Check what the selected stages need before any work: model, vocabulary and data files (present, readable, signature, size, SHA-256), the VLM server and model, ffmpeg, a GPU where asked for, disk space. One line per problem with its fix; exit 2 if any.");
        common.AddTo(command);
        command.Options.Add(stage);
        command.Options.Add(json);
        command.Options.Add(verbose);
        command.SetAction((parse, cancellationToken) => CommandErrors.GuardAsync(async () =>
        {
            var session = SessionLoader.Open(parse.GetValue(common.Config)!, parse.GetValue(common.Profile), generateDataset: false, datasetMayBeGenerated: true);
            var report = await ReadinessGate.CheckAllAsync(session, parse.GetValue(stage) ?? [], cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                ReadinessPrinter.PrintJson(report, session.Config.Profile, Console.Out);
            }
            else
            {
                if (parse.GetValue(verbose))
                {
                    ReadinessPrinter.PrintPassed(report, Console.Out);
                }

                ReadinessPrinter.PrintProblems(report, Console.Out);
                var summary = string.Create(
                    CultureInfo.InvariantCulture,
                    $"doctor: {(report.Problems.Count == 0 ? "all" : $"{report.Problems.Count} problem(s) in")} {report.Findings.Count} checks {(report.Problems.Count == 0 ? "passed " : string.Empty)}(profile {session.Config.Profile ?? "none"}, {report.Seconds:0.00} s)");
                (report.Problems.Count == 0 ? Console.Out : Console.Error).WriteLine(summary);
            }

            return report.Problems.Count == 0 ? ExitCodes.Success : ExitCodes.UsageError;
        }));
        return command;
    }
}
