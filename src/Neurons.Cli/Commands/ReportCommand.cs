using System.CommandLine;
using System.Diagnostics;
using Neurons.Cli.Hosting;

namespace Neurons.Cli.Commands;

/// <summary>
/// <c>pipeline report</c>: prints the path of the committed HTML report (the <c>report</c> stage's
/// <c>index.html</c>) and, with <c>--open</c>, opens it in the desktop's browser where there is one.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var open = new Option<bool>("--open") { Description = "Open the report in a browser (xdg-open, open or the shell on Windows)." };
        var command = new Command("report", "Print the path of the run's HTML report (written by the report stage).");
        common.AddTo(command);
        command.Options.Add(open);
        command.SetAction((parse, _) => CommandErrors.GuardAsync(() =>
        {
            var session = SessionLoader.Open(parse.GetValue(common.Config)!, parse.GetValue(common.Profile), generateDataset: false);
            var index = Path.Combine(session.Store.FilesPath("report", "all"), "index.html");
            if (session.Store.TryRead("report", "all") is null || !File.Exists(index))
            {
                Console.Error.WriteLine($"error: no committed report under {session.Store.Root}; run `pipeline run --stage report` first");
                return Task.FromResult(ExitCodes.StageFailed);
            }

            Console.Out.WriteLine(index);
            return Task.FromResult(parse.GetValue(open) ? Open(index) : ExitCodes.Success);
        }));
        return command;
    }

    private static int Open(string path)
    {
        var opener = OperatingSystem.IsWindows() ? null : OperatingSystem.IsMacOS() ? "open" : "xdg-open";
        var hasDisplay = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY"));
        if (!hasDisplay)
        {
            Console.Error.WriteLine("no browser here (no DISPLAY or WAYLAND_DISPLAY): open the path above on a machine with one");
            return ExitCodes.Success;
        }

        try
        {
            using var process = Process.Start(opener is null
                ? new ProcessStartInfo(path) { UseShellExecute = true }
                : new ProcessStartInfo(opener, [path]) { UseShellExecute = false });
            return ExitCodes.Success;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Console.Error.WriteLine($"error: could not start {opener ?? "the shell"} to open {path}: {ex.Message}");
            return ExitCodes.StageFailed;
        }
    }
}
