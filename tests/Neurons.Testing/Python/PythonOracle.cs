using System.Collections.Concurrent;
using System.Diagnostics;

namespace Neurons.Testing.Python;

/// <summary>
/// The system Python the oracle tests run (Debian's python3 packages, which <c>scripts/ensure-python-oracles.sh</c>
/// installs): finds an interpreter that imports the modules a test needs, once per set of modules, and runs scripts with it.
/// </summary>
public static class PythonOracle
{
    private static readonly ConcurrentDictionary<string, Lazy<string?>> Interpreters = new(StringComparer.Ordinal);

    /// <summary>Gets the first of <c>/usr/bin/python3</c> and <c>python3</c> that imports <paramref name="modules"/>, or null.</summary>
    /// <param name="modules">An import list, e.g. <c>nibabel, numpy</c>.</param>
    public static string? Find(string modules) =>
        Interpreters.GetOrAdd(modules, m => new Lazy<string?>(() => Probe(m), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    /// <summary>Runs <c>python -c script args…</c> with the interpreter that imports <paramref name="modules"/> (<c>python3</c> when none does).</summary>
    /// <returns>The exit code and standard output followed by standard error.</returns>
    public static (int ExitCode, string Output) Run(string modules, string script, params string[] args) =>
        Execute(Find(modules) ?? "python3", script, args);

    private static (int ExitCode, string Output) Execute(string python, string script, string[] args)
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

    // Debian's packages live in the system interpreter, which a pyenv shim on PATH may hide: it is tried first.
    private static string? Probe(string modules)
    {
        foreach (var python in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                if (Execute(python, "import " + modules, []).ExitCode == 0)
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
