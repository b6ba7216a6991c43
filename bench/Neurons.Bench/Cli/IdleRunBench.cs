using System.CommandLine;
using System.Diagnostics;
using System.Globalization;

namespace Neurons.Bench.Cli;

/// <summary>
/// Issue 19 item 6: how long <c>./pipeline run</c> takes when nothing is left to do, end to end as a user types it,
/// and where that time goes: the same run without the script (<c>dotnet pipeline.dll run</c>), the CLI's floor
/// (<c>dotnet pipeline.dll --version</c>: host, runtime and command line) and the script's floor
/// (<c>./pipeline --version</c>: ffmpeg check, up-to-date check of the sources, then the floor), in alternating rounds.
/// </summary>
internal static class IdleRunBench
{
    public static BenchDefinition Definition()
    {
        var repository = new Option<string?>("--repository") { Description = "The checkout whose ./pipeline is timed (default: the one above the working directory)." };
        var profile = new Option<string>("--profile") { Description = "The pipeline.yaml profile; its workspace is brought up to date first (untimed).", DefaultValueFactory = _ => "mini" };
        var rounds = new Option<int>("--rounds") { Description = "Rounds (the median is kept).", DefaultValueFactory = _ => 7 };
        return new BenchDefinition(
            "idle-run",
            "./pipeline run with nothing to do, end to end, and its parts (issue 19).",
            [repository, profile, rounds],
            ["--rounds", "3"],
            (parse, ct) => Task.FromResult(Run(parse.GetValue(repository) ?? FindRepository(), parse.GetValue(profile)!, Math.Max(1, parse.GetValue(rounds)))));
    }

    private static BenchReport Run(string repository, string profile, int rounds)
    {
        var script = Path.Combine(repository, "pipeline");
        var report = new BenchReport("idle-run", $"./pipeline run --profile {profile} with every work item up to date ({repository})");

        // Untimed: build if needed and bring the workspace up to date, so every timed run below has nothing to do.
        Invoke(script, ["run", "--profile", profile], repository, mustBeIdle: false);
        var dll = Directory.GetFiles(Path.Combine(repository, "src", "Neurons.Cli", "bin"), "pipeline.dll", SearchOption.AllDirectories)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .First();

        var times = Timing.Interleaved(
            rounds,
            1,
            () => Invoke(script, ["run", "--profile", profile], repository, mustBeIdle: true),
            () => Invoke("dotnet", [dll, "run", "--profile", profile], repository, mustBeIdle: true),
            () => Invoke("dotnet", [dll, "--version"], repository, mustBeIdle: false),
            () => Invoke(script, ["--version"], repository, mustBeIdle: false));
        var (endToEnd, cli, cliFloor, scriptFloor) = (times[0], times[1], times[2], times[3]);
        report.Rows.Add(new BenchRow("./pipeline run, nothing to do (end to end)", endToEnd, "ms", "the aim", 1000, endToEnd / 1000, "≤ 1 (under 1 s)", Machine.LoadAverage()));
        report.Rows.Add(BenchRow.Figure("dotnet pipeline.dll run (no script)", cli, "ms"));
        report.Rows.Add(BenchRow.Figure("dotnet pipeline.dll --version (host + runtime + command line)", cliFloor, "ms"));
        report.Rows.Add(BenchRow.Figure("./pipeline --version (script checks + the above)", scriptFloor, "ms"));
        report.Rows.Add(BenchRow.Figure("script share: ./pipeline --version − dotnet --version", scriptFloor - cliFloor, "ms"));
        report.Rows.Add(BenchRow.Figure("idle work share: dotnet run − dotnet --version (config, stage contracts, assessing every item)", cli - cliFloor, "ms"));
        report.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"median of {rounds} alternating rounds after one warm-up call each; {dll}"));
        return report.Finish();
    }

    private static void Invoke(string file, IReadOnlyList<string> arguments, string workingDirectory, bool mustBeIdle)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result}");
        }

        if (mustBeIdle && stdout.Contains("committed", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} was not idle: it ran work items");
        }
    }

    private static string FindRepository()
    {
        var dir = Directory.GetCurrentDirectory();
        while (!File.Exists(Path.Combine(dir, "NeuronsPipeline.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("run from inside the repository, or pass --repository");
        }

        return dir;
    }
}
