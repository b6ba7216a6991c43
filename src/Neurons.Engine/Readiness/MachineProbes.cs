using System.Text.RegularExpressions;

namespace Neurons.Engine.Readiness;

/// <summary>What the machine offers: executables on <c>PATH</c>, visible NVIDIA GPUs, free disk space.</summary>
internal static partial class MachineProbes
{
    /// <summary>Returns the full path of an executable found on <c>PATH</c>, or null.</summary>
    public static string? FindOnPath(string tool)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, tool);
            if (File.Exists(candidate) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// Returns the GPUs the process can see: the NVIDIA device nodes (<c>/dev/nvidia0</c>, ...), none when
    /// <c>CUDA_VISIBLE_DEVICES</c> hides them all (empty or <c>-1</c>).
    /// </summary>
    public static int VisibleGpus()
    {
        var visible = Environment.GetEnvironmentVariable("CUDA_VISIBLE_DEVICES")?.Trim();
        if (visible is "" or "-1")
        {
            return 0;
        }

        return Directory.Exists("/dev") ? Directory.EnumerateFileSystemEntries("/dev", "nvidia*").Count(p => DeviceNode().IsMatch(Path.GetFileName(p))) : 0;
    }

    /// <summary>Returns the bytes available to this user on the disk holding <paramref name="path"/> (or its nearest existing parent).</summary>
    public static long FreeSpace(string path)
    {
        var existing = Path.GetFullPath(path);
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            existing = parent;
        }

        return new DriveInfo(existing).AvailableFreeSpace;
    }

    [GeneratedRegex("^nvidia[0-9]+$")]
    private static partial Regex DeviceNode();
}
