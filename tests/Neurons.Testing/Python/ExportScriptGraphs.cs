using System.Diagnostics;

namespace Neurons.Testing.Python;

/// <summary>
/// Runs <c>tools/export/selftest.py</c> once per test process with Debian's PyTorch (<c>/usr/bin/python3</c>, or
/// <c>NEURONS_PYTHON</c>; <c>scripts/ensure-python-torch.sh</c> installs it): every export script's wrapper around a
/// small stand-in model, written through the script's own <c>main()</c>, in a temp folder removed at exit.
/// </summary>
public static class ExportScriptGraphs
{
    private static readonly Lazy<string> Folder = new(Export, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Gets the path of one exported stand-in graph (e.g. <c>clip_image.onnx</c>), exporting them all first.</summary>
    public static string Path(string name) => System.IO.Path.Combine(Folder.Value, name);

    /// <summary>Gets the repository root (the folder of NeuronsPipeline.sln above the test binaries).</summary>
    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "NeuronsPipeline.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("NeuronsPipeline.sln not found above the test directory");
        }
    }

    private static string Export()
    {
        var dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "neurons-export-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        var python = Environment.GetEnvironmentVariable("NEURONS_PYTHON") is { Length: > 0 } p ? p : "/usr/bin/python3";
        var psi = new ProcessStartInfo(python) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(System.IO.Path.Combine(RepositoryRoot, "tools", "export", "selftest.py"));
        psi.ArgumentList.Add(dir);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {python} (run scripts/ensure-python-torch.sh or set NEURONS_PYTHON)");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? dir
            : throw new InvalidOperationException($"{python} tools/export/selftest.py failed ({process.ExitCode}; scripts/ensure-python-torch.sh installs Debian's python3-torch): {stderr}{stdout.Result}");
    }
}
