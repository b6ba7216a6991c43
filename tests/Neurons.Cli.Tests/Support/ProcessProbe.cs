using System.Diagnostics;
using System.Globalization;

namespace Neurons.Cli.Tests.Support;

/// <summary>Looks at processes through <c>/proc</c> and signals them, as an operator would.</summary>
public static class ProcessProbe
{
    /// <summary>Returns the pids of the running (not zombie) children of <paramref name="parent"/> whose command is <paramref name="name"/>.</summary>
    public static IReadOnlyList<int> Children(int parent, string name) =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0 && Stat(pid) is { } stat && stat.Parent == parent && stat.Name == name && stat.State is not ('Z' or 'X'))
            .ToList();

    /// <summary>Returns whether <paramref name="pid"/> is running (a zombie is not).</summary>
    public static bool IsRunning(int pid) => Stat(pid) is { State: not ('Z' or 'X') };

    /// <summary>Sends a signal (e.g. <c>TERM</c>) with <c>kill</c>.</summary>
    public static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    /// <summary>Waits until <paramref name="condition"/> holds or the process ends; returns whether it held.</summary>
    public static async Task<bool> WaitUntilAsync(Func<bool> condition, Process process, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (process.HasExited || watch.Elapsed > limit)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }

    private static (string Name, char State, int Parent)? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var open = text.IndexOf('(', StringComparison.Ordinal);
            var close = text.LastIndexOf(')');
            var rest = text[(close + 2)..].Split(' ');
            return (text[(open + 1)..close], rest[0][0], int.Parse(rest[1], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
