using System.Diagnostics;
using System.Text.Json;

namespace Neurons.Stages.Tests.Mini;

/// <summary>
/// Runs the repository's <c>pipeline.yaml</c> mini profile once, as a user would (the built <c>pipeline</c>
/// executable, the profile's own dataset options and stage overrides), on a freshly generated mini subset in a
/// temporary folder: every stage, up to the HTML report (stage 2 for 3 epochs: the acceptance tests check the
/// stages' plumbing, not the stage-2 model's quality, which the mini run itself reports).
/// </summary>
public sealed class MiniPipelineRun : IAsyncLifetime
{

    public string Root { get; } = Directory.CreateTempSubdirectory("neurons-mini-run-").FullName;

    public string Workspace => Path.Combine(Root, "ws");

    public string Dataset => Path.Combine(Root, "mini");

    public string Output { get; private set; } = string.Empty;

    /// <summary>Gets the parsed <c>mini.json</c> of the generated subset.</summary>
    public JsonElement Manifest { get; private set; }

    public static string RepositoryRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "NeuronsPipeline.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        }

        return dir;
    }

    public async Task InitializeAsync()
    {
        var (exitCode, stdout, stderr) = await PipelineAsync(TimeSpan.FromMinutes(20), "run", "--config", Path.Combine(RepositoryRoot(), "pipeline.yaml"), "--profile", "mini");
        Output = stdout + stderr;
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"pipeline run exited {exitCode}:\n{Output}");
        }

        Manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(Dataset, "mini.json"))).RootElement;
    }

    /// <summary>Runs the built <c>pipeline</c> with this run's workspace, dataset and overrides (in <see cref="Root"/>).</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> PipelineAsync(TimeSpan timeout, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "pipeline.dll") }.Concat(args))
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("NEURONS", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["NEURONS__workspace"] = Workspace;
        info.Environment["NEURONS__dataset__path"] = Dataset;
        info.Environment["NEURONS__stages__train_decoupler__epochs"] = "3";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }
}
