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
        Output = await MiniAsync(Workspace, new Dictionary<string, string>(), "run");
        Manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(Dataset, "mini.json"))).RootElement;
    }

    /// <summary>
    /// Copies the trained workspace (without its checkpoint and resume caches) to a folder of its own, reruns
    /// <paramref name="stages"/> there with the extra settings (environment overrides such as
    /// <c>NEURONS__stages__decode__fmri_order</c>), and returns the copy's <c>pipeline metrics --json</c>: nothing is
    /// trained again, and the run the other tests read stays as it was.
    /// </summary>
    public async Task<JsonElement> RerunOnCopyAsync(string name, IReadOnlyDictionary<string, string> settings, params string[] stages)
    {
        var copy = Path.Combine(Root, name);
        CopyDirectory(Workspace, copy);
        await MiniAsync(copy, settings, ["run", "--force", .. stages.SelectMany(s => new[] { "--stage", s })]);
        var json = await MiniAsync(copy, settings, "metrics", "--json");
        return JsonDocument.Parse(json[json.IndexOf('{', StringComparison.Ordinal)..]).RootElement.Clone();
    }

    /// <summary>Runs the built <c>pipeline</c> with <paramref name="args"/> as given, on this run's workspace and dataset (in <see cref="Root"/>).</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> PipelineAsync(TimeSpan timeout, params string[] args) =>
        StartAsync(Workspace, new Dictionary<string, string>(), timeout, args);

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var folder in Directory.EnumerateDirectories(from).Where(d => Path.GetFileName(d) != ".cache"))
        {
            CopyDirectory(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }

    /// <summary>Runs the built <c>pipeline</c> with the mini profile on <paramref name="workspace"/>; returns its output, throws on a non-zero exit.</summary>
    private async Task<string> MiniAsync(string workspace, IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        // The whole mini run takes about 3 minutes on 2 quiet cores, and over 10 at load average 50.
        var (exitCode, stdout, stderr) = await StartAsync(
            workspace, settings, TimeSpan.FromMinutes(30), [args[0], "--config", Path.Combine(RepositoryRoot(), "pipeline.yaml"), "--profile", "mini", .. args.Skip(1)]);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"pipeline {string.Join(' ', args)} exited {exitCode}:\n{stdout}{stderr}");
        }

        return args[0] == "metrics" ? stdout : stdout + stderr;
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> StartAsync(string workspace, IReadOnlyDictionary<string, string> settings, TimeSpan timeout, string[] args)
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

        info.Environment["NEURONS__workspace"] = workspace;
        info.Environment["NEURONS__dataset__path"] = Dataset;
        info.Environment["NEURONS__stages__train_decoupler__epochs"] = "3";
        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }

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
