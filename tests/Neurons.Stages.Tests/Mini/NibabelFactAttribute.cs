using System.Diagnostics;

namespace Neurons.Stages.Tests.Mini;

/// <summary>
/// A fact that is skipped when no <c>python3</c> with nibabel and numpy is installed (./test installs Debian's
/// packages through scripts/ensure-python-oracles.sh; the skip remains only where apt is unavailable).
/// </summary>
public sealed class NibabelFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Interpreter = new(Probe);

    public NibabelFactAttribute()
    {
        if (Interpreter.Value is null)
        {
            Skip = "python3 with nibabel and numpy is not installed (scripts/ensure-python-oracles.sh)";
        }
    }

    internal static (int ExitCode, string Output) RunPython(string script, params string[] args) =>
        Run(Interpreter.Value ?? "python3", script, args);

    private static (int ExitCode, string Output) Run(string python, string script, params string[] args)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + stderr.Result);
    }

    // Debian's python3-nibabel lives in the system interpreter, which a pyenv shim on PATH may hide.
    private static string? Probe()
    {
        foreach (var python in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                if (Run(python, "import nibabel, numpy").ExitCode == 0)
                {
                    return python;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
            }
        }

        return null;
    }
}
