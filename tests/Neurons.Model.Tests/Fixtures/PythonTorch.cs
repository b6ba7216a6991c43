using System.Diagnostics;

namespace Neurons.Model.Tests.Fixtures;

/// <summary>
/// Runs a Python script with Debian's PyTorch (<c>/usr/bin/python3</c>, or <c>NEURONS_PYTHON</c>), which
/// <c>scripts/ensure-python-torch.sh</c> installs (<c>./test</c> runs it).
/// </summary>
internal static class PythonTorch
{
    public static string Python => Environment.GetEnvironmentVariable("NEURONS_PYTHON") is { Length: > 0 } p ? p : "/usr/bin/python3";

    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NeuronsPipeline.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("NeuronsPipeline.sln not found above the test directory");
        }
    }

    /// <summary>Runs <c>python script args…</c>; throws with its stderr when it fails.</summary>
    public static void Run(string script, params string[] args)
    {
        var psi = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {Python}");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"{Python} not found: run scripts/ensure-python-torch.sh (./test does) or set NEURONS_PYTHON", ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                var hint = stderr.Contains("No module named 'torch'", StringComparison.Ordinal)
                    ? " (run scripts/ensure-python-torch.sh: it installs Debian's python3-torch)"
                    : string.Empty;
                throw new InvalidOperationException($"{Python} {script} failed with exit code {process.ExitCode}{hint}: {stderr}{stdout.Result}");
            }
        }
    }
}
