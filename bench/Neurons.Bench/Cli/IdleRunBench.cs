using System.CommandLine;
using System.Diagnostics;
using System.Globalization;

namespace Neurons.Bench.Cli;

/// <summary>
/// Issue 19 item 6: how long <c>./pipeline run</c> takes when nothing is left to do, end to end as a user types it,
/// and where that time goes: the same run without the script (<c>dotnet pipeline.dll run</c>), the CLI's floor
/// (<c>dotnet pipeline.dll --version</c>: host, runtime and command line) and the script's floor
/// (<c>./pipeline --version</c>: ffmpeg check, up-to-date check of the sources, then the floor), in alternating rounds.
/// Each call's CPU time (user + system of the whole process tree, from this process's reaped-children counters in
/// <c>/proc/self/stat</c>) is reported beside its wall time: on a loaded machine wall time is mostly waiting for a core,
/// while CPU time is what a quiet machine's wall time is made of.
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

        (string Name, Action Call)[] calls =
        [
            ("./pipeline run, nothing to do (end to end)", () => Invoke(script, ["run", "--profile", profile], repository, mustBeIdle: true)),
            ("dotnet pipeline.dll run (no script)", () => Invoke("dotnet", [dll, "run", "--profile", profile], repository, mustBeIdle: true)),
            ("dotnet pipeline.dll --version (host + runtime + command line)", () => Invoke("dotnet", [dll, "--version"], repository, mustBeIdle: false)),
            ("./pipeline --version (script checks + the above)", () => Invoke(script, ["--version"], repository, mustBeIdle: false)),
        ];
        var wall = calls.Select(_ => new List<double>()).ToArray();
        var cpu = calls.Select(_ => new List<double>()).ToArray();
        foreach (var (_, call) in calls)
        {
            call();
        }

        for (var r = 0; r < rounds; r++)
        {
            for (var c = 0; c < calls.Length; c++)
            {
                var cpuBefore = ChildrenCpuMilliseconds();
                var watch = Stopwatch.StartNew();
                calls[c].Call();
                wall[c].Add(watch.Elapsed.TotalMilliseconds);
                cpu[c].Add(ChildrenCpuMilliseconds() - cpuBefore);
            }
        }

        var cpuMedian = cpu.Select(Timing.Median).ToArray();
        var wallMedian = wall.Select(Timing.Median).ToArray();
        report.Rows.Add(new BenchRow($"{calls[0].Name}: CPU", cpuMedian[0], "ms", "the aim", 1000, cpuMedian[0] / 1000, "≤ 1 (under 1 s)", Machine.LoadAverage()));
        report.Rows.Add(new BenchRow($"{calls[0].Name}: wall", wallMedian[0], "ms", "the aim", 1000, wallMedian[0] / 1000, "≤ 1 on a quiet machine", Machine.LoadAverage()));
        for (var c = 1; c < calls.Length; c++)
        {
            report.Rows.Add(BenchRow.Figure($"{calls[c].Name}: CPU", cpuMedian[c], "ms"));
            report.Rows.Add(BenchRow.Figure($"{calls[c].Name}: wall", wallMedian[c], "ms"));
        }

        report.Rows.Add(BenchRow.Figure("script share of CPU: ./pipeline --version − dotnet --version", cpuMedian[3] - cpuMedian[2], "ms"));
        report.Rows.Add(BenchRow.Figure("idle work share of CPU: dotnet run − dotnet --version (config, stage contracts, assessing every item)", cpuMedian[1] - cpuMedian[2], "ms"));
        report.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"median of {rounds} alternating rounds after one warm-up call each; CPU = user + system of the call's process tree (10 ms ticks); {dll}"));
        return report.Finish();
    }

    /// <summary>User + system CPU milliseconds of this process's terminated and reaped children (<c>/proc/self/stat</c> cutime + cstime).</summary>
    private static double ChildrenCpuMilliseconds()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

        // After the command name: field 3 is fields[0], so cutime (16) and cstime (17) are fields[13] and fields[14].
        var ticks = long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
        return ticks * 1000.0 / 100;
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
