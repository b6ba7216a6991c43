using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Neurons.Files;

/// <summary>
/// Names temporary files and folders after the process that writes them, so that a later run can tell
/// its own leftovers from anything else and remove them only when their owner is provably dead.
/// Every temporary path the pipeline writes ends in <c>.tmp-&lt;host&gt;_&lt;pid&gt;</c> or
/// <c>.tmp-&lt;host&gt;_&lt;pid&gt;-&lt;unique&gt;</c> (<c>&lt;host&gt;</c> is the machine name with every character
/// outside <c>[A-Za-z0-9-]</c> replaced by <c>-</c>); a path without that ending is never deleted as a temp.
/// </summary>
public static partial class TempOwner
{
    /// <summary>The marker between a final name and its owner tag.</summary>
    public const string Marker = ".tmp-";

    /// <summary>Gets this machine's name as it appears in owner tags.</summary>
    public static string Host { get; } = Sanitize(Environment.MachineName);

    /// <summary>Gets this process's owner tag, <c>&lt;host&gt;_&lt;pid&gt;</c>.</summary>
    public static string Current { get; } = string.Create(CultureInfo.InvariantCulture, $"{Host}_{Environment.ProcessId}");

    /// <summary>Returns the temporary name of <paramref name="finalName"/> owned by this process (<c>name.tmp-host_pid</c>, plus <c>-unique</c> when given).</summary>
    public static string Name(string finalName, string? unique = null) =>
        unique is null ? finalName + Marker + Current : finalName + Marker + Current + "-" + unique;

    /// <summary>Returns a temporary name of <paramref name="finalName"/> owned by this process and unique within it.</summary>
    public static string UniqueName(string finalName) => Name(finalName, Guid.NewGuid().ToString("N"));

    /// <summary>Parses a file or folder name written by <see cref="Name"/>: the final name, the host and the pid.</summary>
    public static bool TryParse(string name, out string finalName, out string host, out int pid)
    {
        ArgumentNullException.ThrowIfNull(name);
        var match = TempName().Match(name);
        if (!match.Success || !int.TryParse(match.Groups["pid"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out pid))
        {
            (finalName, host, pid) = (string.Empty, string.Empty, 0);
            return false;
        }

        finalName = match.Groups["final"].Value;
        host = match.Groups["host"].Value;
        return true;
    }

    /// <summary>
    /// Returns whether <paramref name="path"/> is a temporary file or folder named by <see cref="Name"/> whose
    /// owner is provably dead: it was written on this machine, and no process with its pid is running, or that
    /// pid now belongs to a process started after the path was last written (the pid was reused; this process's
    /// own earlier incarnation in a container counts too). Paths from other machines are never stale here.
    /// </summary>
    public static bool IsStale(string path)
    {
        if (!TryParse(Path.GetFileName(Path.TrimEndingDirectorySeparator(path)), out _, out var host, out var pid) || host != Host)
        {
            return false;
        }

        var info = Directory.Exists(path) ? (FileSystemInfo)new DirectoryInfo(path) : new FileInfo(path);
        if (!info.Exists)
        {
            return false;
        }

        var written = info.LastWriteTimeUtc;
        if (info is DirectoryInfo folder)
        {
            foreach (var entry in folder.EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
            {
                written = entry.LastWriteTimeUtc > written ? entry.LastWriteTimeUtc : written;
            }
        }

        return IsDead(pid, written);
    }

    /// <summary>
    /// Deletes the stale temporary files and folders (see <see cref="IsStale"/>) directly inside
    /// <paramref name="directory"/> whose final name satisfies <paramref name="finalName"/> (any when null);
    /// nothing else is touched. Returns how many were removed.
    /// </summary>
    public static int DeleteStale(string directory, Func<string, bool>? finalName = null)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        var removed = 0;
        foreach (var path in Directory.EnumerateFileSystemEntries(directory, "*" + Marker + "*"))
        {
            if (!TryParse(Path.GetFileName(path), out var final, out _, out _) || (finalName is not null && !finalName(final)) || !IsStale(path))
            {
                continue;
            }

            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }
                else
                {
                    File.Delete(path);
                }

                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // another cleaner got there first, or it is not ours to remove after all
            }
        }

        return removed;
    }

    /// <summary>Returns whether process <paramref name="pid"/> of this machine cannot have written something last changed at <paramref name="writtenUtc"/>.</summary>
    internal static bool IsDead(int pid, DateTime writtenUtc)
    {
        DateTime started;
        try
        {
            using var process = Process.GetProcessById(pid);
            if (IsZombie(pid))
            {
                return true;
            }

            started = process.StartTime.ToUniversalTime();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return true;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return false;
        }

        // Start times come from clock ticks since boot; allow for their rounding.
        return started > writtenUtc + TimeSpan.FromSeconds(2);
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var close = stat.LastIndexOf(')');
            return close > 0 && close + 2 < stat.Length && stat[close + 2] is 'Z' or 'X';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string Sanitize(string host)
    {
        var builder = new StringBuilder(host.Length);
        foreach (var c in host)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '-');
        }

        return builder.Length == 0 ? "host" : builder.ToString();
    }

    [GeneratedRegex(@"^(?<final>.+)\.tmp-(?<host>[A-Za-z0-9-]+)_(?<pid>[0-9]{1,9})(-[A-Za-z0-9]+)?$")]
    private static partial Regex TempName();
}
