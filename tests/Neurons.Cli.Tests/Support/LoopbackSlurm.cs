using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Neurons.Cli.Tests.Support;

/// <summary>
/// A one-node Slurm cluster on loopback (munged, slurmctld, slurmd) started by scripts/slurm-loopback.sh in a
/// temporary folder on free ports, after scripts/ensure-slurm.sh installed Debian's slurm-wlm and munge when
/// missing. Disposing kills the three daemons by the pids they wrote.
/// </summary>
public sealed class LoopbackSlurm : IDisposable
{
    private LoopbackSlurm(string directory, string configFile)
    {
        Directory = directory;
        ConfigFile = configFile;
    }

    public string Directory { get; }

    public string ConfigFile { get; }

    /// <summary>Gets the environment the pipeline and Slurm's commands need (<c>SLURM_CONF</c>).</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["SLURM_CONF"] = ConfigFile };

    public static async Task<LoopbackSlurm> StartAsync()
    {
        var scripts = Path.Combine(RepositoryRoot(), "scripts");
        var ensure = await ShellAsync(Path.Combine(scripts, "ensure-slurm.sh"));
        Assert.True(ensure.ExitCode == 0, "ensure-slurm.sh failed: " + ensure.Stderr);
        var directory = System.IO.Directory.CreateTempSubdirectory("neurons-slurm-").FullName;
        var start = await ShellAsync(Path.Combine(scripts, "slurm-loopback.sh"), "start", directory, FreePort().ToString(), FreePort().ToString(), "4");
        var cluster = new LoopbackSlurm(directory, Path.Combine(directory, "slurm.conf"));
        if (start.ExitCode != 0)
        {
            cluster.Dispose();
            Assert.Fail("slurm-loopback.sh start failed: " + start.Stderr);
        }

        return cluster;
    }

    /// <summary>Runs a Slurm client command (squeue, scancel) against this cluster.</summary>
    public Task<ProcessResult> CommandAsync(string command, params string[] args) => ShellAsync(command, args, Environment);

    /// <summary>Waits until the queue holds no job (pending or running).</summary>
    public async Task WaitUntilIdleAsync(TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var queue = await CommandAsync("squeue", "-h", "-o", "%i %T %r");
            Assert.True(queue.ExitCode == 0, "squeue failed: " + queue.Stderr);
            if (queue.Stdout.Trim().Length == 0)
            {
                return;
            }

            Assert.True(watch.Elapsed < limit, $"jobs still queued after {limit.TotalSeconds:F0} s:\n{queue.Stdout}\n{Logs()}");
            await Task.Delay(250);
        }
    }

    /// <summary>Waits until array task <paramref name="task"/> of job <paramref name="job"/> is running.</summary>
    public async Task WaitUntilRunningAsync(string job, int task, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (!(await CommandAsync("squeue", "-h", "-t", "RUNNING", "-o", "%i")).Stdout.Split('\n').Contains($"{job}_{task}"))
        {
            Assert.True(watch.Elapsed < limit, $"array task {job}_{task} did not start within {limit.TotalSeconds:F0} s\n{Logs()}");
            await Task.Delay(100);
        }
    }

    /// <summary>Returns the daemons' logs, for failure messages.</summary>
    public string Logs() => string.Join('\n', System.IO.Directory.GetFiles(Path.Combine(Directory, "log")).Select(f => $"== {f}\n{string.Join('\n', File.ReadLines(f).TakeLast(15))}"));

    public void Dispose()
    {
        // Jobs left by a failed test would outlive slurmd in their slurmstepd: cancel them first.
        var cancel = new ProcessStartInfo("scancel", ["--user", System.Environment.UserName]) { UseShellExecute = false, RedirectStandardError = true };
        cancel.Environment["SLURM_CONF"] = ConfigFile;
        try
        {
            using var scancel = Process.Start(cancel)!;
            scancel.WaitForExit(10_000);
            for (var i = 0; i < 100 && Process.GetProcessesByName("slurmstepd").Length > 0; i++)
            {
                Thread.Sleep(100);
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // no scancel: nothing can have been submitted
        }

        foreach (var daemon in new[] { "slurmd", "slurmctld", "munged" })
        {
            var pidFile = Path.Combine(Directory, daemon + ".pid");
            if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
            {
                continue;
            }

            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
                process.WaitForExit(10_000);
            }
            catch (ArgumentException)
            {
                // already gone
            }
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "scripts", "ensure-slurm.sh")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("scripts/ensure-slurm.sh not found above " + AppContext.BaseDirectory);
    }

    private static Task<ProcessResult> ShellAsync(string command, params string[] args) => ShellAsync(command, args, new Dictionary<string, string>());

    private static async Task<ProcessResult> ShellAsync(string command, string[] args, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(command, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
