using System.Runtime.InteropServices;

namespace Neurons.Model.Training;

/// <summary>
/// Keeps glibc's heap from handing large freed blocks back to the kernel. By default every allocation above the
/// mmap threshold (at most 32 MiB) gets its own mapping and is unmapped when freed, so a training step that
/// allocates the same gradients and activations again faults in and zeroes fresh pages every time (the 39 M
/// mid-size model: ~30,000 minor faults per step). With mmap off and a 1 GiB trim threshold, freed blocks stay in
/// the heap and the next step reuses them (~300 faults per step). Process-wide and once; Linux/glibc only; left
/// alone where the user set <c>GLIBC_TUNABLES</c> malloc tunables. Resident memory then stays at the training
/// peak rather than dropping between steps.
/// </summary>
internal static class NativeHeap
{
    private const int MTrimThreshold = -1;
    private const int MMmapMax = -4;
    private static int applied;

    /// <summary>Applies the settings once per process; returns whether this call applied them.</summary>
    public static bool RetainFreedMemory()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref applied, 1) == 1)
        {
            return false;
        }

        if (Environment.GetEnvironmentVariable("GLIBC_TUNABLES")?.Contains("glibc.malloc", StringComparison.Ordinal) == true)
        {
            return false;
        }

        try
        {
            var mmap = NativeMethods.mallopt(MMmapMax, 0);
            var trim = NativeMethods.mallopt(MTrimThreshold, 1 << 30);
            return mmap == 1 && trim == 1;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int mallopt(int param, int value);
    }
}
