using System.Diagnostics;

namespace Neurons.Data.Tests.Cifti;

/// <summary>A fact that is skipped when <c>python3</c> with nibabel is not installed (<c>apt-get install -y python3-nibabel</c>).</summary>
public sealed class NibabelFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Interpreter = new(Probe);

    public NibabelFactAttribute()
    {
        if (Interpreter.Value is null)
        {
            Skip = "python3 with nibabel is not installed (apt-get install -y python3-nibabel)";
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
        foreach (var python in new[] { "python3", "/usr/bin/python3" })
        {
            try
            {
                if (Run(python, "import nibabel").ExitCode == 0)
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
