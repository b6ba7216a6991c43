using System.Globalization;

namespace Neurons.Bench.Train;

/// <summary>The process's minor page faults so far (field 10 of /proc/self/stat): each is a fresh page the kernel zeroed and mapped.</summary>
internal static class PageFaults
{
    /// <summary>Returns the minor fault count, or −1 where /proc is missing.</summary>
    public static long Minor()
    {
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[7], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }
}
