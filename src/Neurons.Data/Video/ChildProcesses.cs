using System.Collections.Concurrent;
using System.Diagnostics;

namespace Neurons.Data.Video;

/// <summary>
/// Starts external tools (ffmpeg) so that none outlives the pipeline: each is started under
/// <c>setpriv --pdeathsig KILL</c> (util-linux; the kernel kills the child the moment the process that started
/// it dies, SIGKILL included), from one dedicated thread that lives as long as the process (the death signal
/// follows the thread that forked, so a retiring thread-pool thread must never be that parent); every child
/// still running is killed when the process exits normally; and callers kill theirs on cancellation.
/// Where <c>setpriv</c> is missing the tool is started directly and only the last two guarantees hold.
/// </summary>
internal static class ChildProcesses
{
    private const string SetPriv = "/usr/bin/setpriv";
    private static readonly BlockingCollection<(ProcessStartInfo Info, TaskCompletionSource<Process> Started)> Queue = [];
    private static readonly ConcurrentDictionary<Process, byte> Live = new();
    private static readonly bool HasSetPriv = OperatingSystem.IsLinux() && File.Exists(SetPriv);

    static ChildProcesses()
    {
        var spawner = new Thread(Spawn) { IsBackground = true, Name = "neurons-child-spawner" };
        spawner.Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
    }

    /// <summary>Starts <paramref name="tool"/> with <paramref name="arguments"/>, standard output and error redirected (and input when <paramref name="writeInput"/>).</summary>
    public static Task<Process> StartAsync(string tool, IEnumerable<string> arguments, bool writeInput)
    {
        var info = new ProcessStartInfo(HasSetPriv ? SetPriv : tool)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = writeInput,
        };
        if (HasSetPriv)
        {
            info.ArgumentList.Add("--pdeathsig");
            info.ArgumentList.Add("KILL");
            info.ArgumentList.Add("--");
            info.ArgumentList.Add(tool);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue.Add((info, started));
        return started.Task;
    }

    /// <summary>Kills a child started here (and forgets it); harmless when it has already exited.</summary>
    public static void Kill(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // it exited meanwhile
        }

        Live.TryRemove(process, out _);
    }

    /// <summary>Forgets a child that has exited.</summary>
    public static void Release(Process process) => Live.TryRemove(process, out _);

    private static void KillAll()
    {
        foreach (var process in Live.Keys)
        {
            Kill(process);
        }
    }

    private static void Spawn()
    {
        foreach (var (info, started) in Queue.GetConsumingEnumerable())
        {
            try
            {
                var process = Process.Start(info) ?? throw new IOException($"could not start {info.FileName}");
                Live[process] = 0;
                started.SetResult(process);
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
            {
                started.SetException(new IOException($"could not start {info.ArgumentList.SkipWhile(a => a != "--").Skip(1).FirstOrDefault() ?? info.FileName}: {e.Message}", e));
            }
        }
    }
}
