using System.Diagnostics;

namespace Neurons.Data.Tests.Fmri;

/// <summary>A fact that is skipped when <c>python3</c> with SciPy is not installed (<c>apt-get install -y python3-scipy</c>).</summary>
public sealed class ScipyFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Interpreter = new(Probe);

    public ScipyFactAttribute()
    {
        if (Interpreter.Value is null)
        {
            Skip = "python3 with scipy is not installed (apt-get install -y python3-scipy)";
        }
    }

    internal static (int ExitCode, string Output) RunPython(string script) => Run(Interpreter.Value ?? "python3", script);

    private static (int ExitCode, string Output) Run(string python, string script)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + stderr.Result);
    }

    // Debian's python3-scipy lives in the system interpreter, which a pyenv shim on PATH may hide.
    private static string? Probe()
    {
        foreach (var python in new[] { "python3", "/usr/bin/python3" })
        {
            try
            {
                if (Run(python, "import scipy.stats").ExitCode == 0)
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
