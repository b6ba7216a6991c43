using System.Diagnostics;

namespace Neurons.Cli.Tests.Support;

/// <summary>Runs the built <c>pipeline</c> executable as a child process, as a user would.</summary>
public static class PipelineProcess
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "pipeline.dll");

    public static Process Start(string workingDirectory, params string[] args) => Start(workingDirectory, args, new Dictionary<string, string>());

    public static Process Start(string workingDirectory, string[] args, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("NEURONS", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return Process.Start(info)!;
    }

    public static Task<ProcessResult> RunAsync(string workingDirectory, params string[] args) =>
        RunAsync(workingDirectory, args, new Dictionary<string, string>());

    public static async Task<ProcessResult> RunAsync(string workingDirectory, string[] args, IReadOnlyDictionary<string, string> environment)
    {
        using var process = Start(workingDirectory, args, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
