using System.Globalization;
using System.Runtime.InteropServices;

namespace Neurons.Bench;

/// <summary>Facts about the machine a benchmark ran on: load averages, resident memory, a one-line description.</summary>
internal static class Machine
{
    /// <summary>Gets the 1-, 5- and 15-minute load averages (empty where /proc/loadavg is missing).</summary>
    public static double[] LoadAverages()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts.Take(3).Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Gets the 1-minute load average, or NaN.</summary>
    public static double LoadAverage()
    {
        var l = LoadAverages();
        return l.Length > 0 ? l[0] : double.NaN;
    }

    /// <summary>Gets the process's resident set size in bytes, read from /proc/self/statm (includes native allocations).</summary>
    public static long ResidentBytes()
    {
        try
        {
            var parts = File.ReadAllText("/proc/self/statm").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return long.Parse(parts[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize;
        }
        catch (IOException)
        {
            return Environment.WorkingSet;
        }
    }

    /// <summary>Gets the process's peak resident set size (VmHWM) in bytes, or -1.</summary>
    public static long PeakResidentBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return -1;
    }

    /// <summary>Describes the machine in one line: CPU model, core count, memory, OS and runtime.</summary>
    public static string Describe()
    {
        var cpu = "unknown CPU";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException)
        {
        }

        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return string.Create(CultureInfo.InvariantCulture, $"{cpu}, {Environment.ProcessorCount} logical cores, {memory:F1} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
    }
}
